namespace LoanJourney.Engine.Errors;

/// <summary>
/// No loaded definition has this id (and version). <paramref name="nearest"/>: a loaded id the requested one is probably a typo
/// of, said as "Did you mean …?" (walk 47: a newcomer's <c>finbox-personal-loans</c> was told only that it is not loaded).
/// </summary>
public sealed class WorkflowNotFoundException(string workflowId, int? version, string? nearest = null)
    : WorkflowEngineException("workflow_not_found", version is null
        ? $"No workflow definition with id '{workflowId}' is loaded.{(nearest is null ? "" : $" Did you mean '{nearest}'?")}"
        : $"Workflow definition '{workflowId}' has no version {version}.")
{
    /// <summary>The requested id.</summary>
    public string WorkflowId { get; } = workflowId;

    /// <summary>The requested version, if any.</summary>
    public int? Version { get; } = version;
}
