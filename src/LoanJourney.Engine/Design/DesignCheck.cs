using LoanJourney.Engine.Definitions;

namespace LoanJourney.Engine.Design;

/// <summary>A definition checked against the activity descriptors: compiled when valid, every error otherwise.</summary>
/// <param name="Workflow">The compiled definition, or null when invalid.</param>
/// <param name="Errors">Every mistake (step, field, code, message).</param>
/// <param name="Json">The normalized JSON that was checked (with the id and version it was checked as).</param>
public sealed record DesignCheck(CompiledWorkflow? Workflow, IReadOnlyList<DefinitionError> Errors, string Json)
{
    /// <summary>Whether there are no errors.</summary>
    public bool Valid => Errors.Count == 0;
}
