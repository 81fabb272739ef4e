namespace LoanJourney.Engine.Errors;

/// <summary>
/// Retry or skip was asked of an instance that has no open incident: <c>no_incident</c>, or <c>already_under_way</c> when the
/// instance is running or waiting (not being cancelled), i.e. someone retried it already or it never faulted, so a bulk retry's
/// result tells those apart from the journeys that ended meanwhile (session 48).
/// </summary>
public sealed class NoIncidentException(string instanceId, string status, bool underWay = false)
    : WorkflowEngineException(
        underWay ? UnderWayCode : "no_incident",
        underWay
            ? $"Instance '{instanceId}' is already under way (status {status}): its incident was retried already, or it never had one; nothing to retry or skip."
            : $"Instance '{instanceId}' has no open incident (status {status}); only a faulted instance can be retried or skipped.")
{
    /// <summary>The code of an instance that is running or waiting, not faulted.</summary>
    public const string UnderWayCode = "already_under_way";

    /// <summary>The instance.</summary>
    public string InstanceId { get; } = instanceId;
}
