using LoanJourney.Engine.Activities;

namespace LoanJourney.Engine.Definitions;

/// <summary>
/// A step of a stored version as published: its definition, and the descriptor of its activity when this build has it (null
/// when the activity was removed or renamed since; <c>WorkflowDefinitionCatalog.GetPublishedStepsAsync</c>).
/// </summary>
public sealed record PublishedStep(StepDefinition Definition, ActivityDescriptor? Descriptor)
{
    /// <summary>The activity's type name as the version names it.</summary>
    public string Activity => Definition.Activity;
}
