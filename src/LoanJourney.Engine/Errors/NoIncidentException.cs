namespace LoanJourney.Engine.Errors;

/// <summary>Retry or skip was asked of an instance that has no open incident.</summary>
public sealed class NoIncidentException(string instanceId, string status)
    : WorkflowEngineException("no_incident", $"Instance '{instanceId}' has no open incident (status {status}); only a faulted instance can be retried or skipped.")
{
    /// <summary>The instance.</summary>
    public string InstanceId { get; } = instanceId;
}
