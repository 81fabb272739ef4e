namespace LoanJourney.Engine.Errors;

/// <summary>A borrower's data cannot be erased while some of their journeys are still running, waiting or faulted.</summary>
public sealed class JourneysInFlightException(IReadOnlyList<string> instanceIds, bool cancelling)
    : WorkflowEngineException("journeys_in_flight", cancelling
        ? $"{instanceIds.Count} journey(s) of this borrower are still being cancelled (compensation runs); ask again when they are Cancelled."
        : $"{instanceIds.Count} journey(s) of this borrower are still running, waiting or faulted; cancel them first, or send \"cancelFirst\": true.")
{
    /// <summary>The journeys in flight.</summary>
    public IReadOnlyList<string> InstanceIds { get; } = instanceIds;
}
