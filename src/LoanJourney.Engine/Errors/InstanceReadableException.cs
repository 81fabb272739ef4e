namespace LoanJourney.Engine.Errors;

/// <summary>
/// Abandon was asked for a journey this node can read: it is cancelled instead (its compensations run). Abandon, which
/// runs none, is only for a journey whose stored payloads cannot be decrypted (<see cref="InstanceUnreadableException"/>).
/// </summary>
public sealed class InstanceReadableException(string instanceId)
    : WorkflowEngineException("instance_readable",
        $"Instance '{instanceId}' can be read on this node: cancel it instead (its compensations run). Abandon is only for a " +
        "journey whose stored payloads cannot be decrypted.")
{
    /// <summary>The instance.</summary>
    public string InstanceId { get; } = instanceId;
}
