namespace LoanJourney.Engine.Errors;

/// <summary>Another runner holds the instance; retry shortly (HTTP 409/503 with Retry-After).</summary>
public sealed class InstanceBusyException(string instanceId)
    : WorkflowEngineException("instance_busy", $"Instance '{instanceId}' is being run by another runner; retry in a moment.")
{
    /// <summary>The instance.</summary>
    public string InstanceId { get; } = instanceId;

    /// <summary>Always true: the same request may succeed later.</summary>
    public static bool Retryable => true;
}
