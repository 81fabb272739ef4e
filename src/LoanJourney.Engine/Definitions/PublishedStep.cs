using LoanJourney.Engine.Activities;

namespace LoanJourney.Engine.Definitions;

/// <summary>
/// A step of a stored version as published: its definition, and the descriptors of its activity and of its compensation's
/// when this build has them (null when the activity was removed or renamed since, or the step declares no compensation;
/// <c>WorkflowDefinitionCatalog.GetPublishedStepsAsync</c>).
/// </summary>
public sealed record PublishedStep(StepDefinition Definition, ActivityDescriptor? Descriptor, ActivityDescriptor? CompensationDescriptor)
{
    /// <summary>The activity's type name as the version names it.</summary>
    public string Activity => Definition.Activity;
}
