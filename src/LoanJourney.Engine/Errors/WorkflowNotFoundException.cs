namespace LoanJourney.Engine.Errors;

/// <summary>No loaded definition has this id (and version).</summary>
public sealed class WorkflowNotFoundException(string workflowId, int? version)
    : WorkflowEngineException("workflow_not_found", version is null
        ? $"No workflow definition with id '{workflowId}' is loaded."
        : $"Workflow definition '{workflowId}' has no version {version}.")
{
    /// <summary>The requested id.</summary>
    public string WorkflowId { get; } = workflowId;

    /// <summary>The requested version, if any.</summary>
    public int? Version { get; } = version;
}
