namespace LoanJourney.Engine.Errors;

/// <summary>The operation does not apply to the instance in its current status (e.g. cancel a completed instance).</summary>
public sealed class InvalidInstanceStateException(string instanceId, string operation, string status)
    : WorkflowEngineException("invalid_state", $"Cannot {operation} instance '{instanceId}': it is {status}.")
{
    /// <summary>The instance.</summary>
    public string InstanceId { get; } = instanceId;

    /// <summary>Its status.</summary>
    public string Status { get; } = status;
}
