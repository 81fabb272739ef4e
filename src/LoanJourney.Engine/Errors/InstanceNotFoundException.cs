namespace LoanJourney.Engine.Errors;

/// <summary>No instance has this id.</summary>
public sealed class InstanceNotFoundException(string instanceId)
    : WorkflowEngineException("instance_not_found", $"Workflow instance '{instanceId}' does not exist.")
{
    /// <summary>The requested id.</summary>
    public string InstanceId { get; } = instanceId;
}
