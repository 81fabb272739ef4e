namespace LoanJourney.Engine.Model;

/// <summary>Where the journeys of one workflow are, step by step.</summary>
/// <param name="WorkflowId">Workflow id (all versions).</param>
/// <param name="Total">Journeys of the workflow.</param>
/// <param name="Steps">Per step, in the latest definition's order, then steps only older versions have.</param>
/// <param name="Outcomes">Completed journeys per journey outcome.</param>
/// <param name="CountsByStatus">Journeys per status (every status present, zero included), from the same counters as <paramref name="Total"/>.</param>
/// <param name="Stuck">
/// The journeys an operator must look at: the faulted ones (an open incident: a retry, a skip or a decision on a money call's
/// unknown outcome), whatever their age, money questions awaiting a decision first, then the others, each by when it faulted,
/// oldest first; then those waiting longer than the asked threshold, longest wait first (by when their current step started).
/// Up to the asked number of each; the faulted run continues with <see cref="StuckFaultedNext"/>, the long waits with <see cref="StuckWaitingNext"/>.
/// </param>
public sealed record FunnelReport(
    string WorkflowId,
    long Total,
    IReadOnlyList<FunnelStepCounts> Steps,
    IReadOnlyDictionary<string, long> Outcomes,
    IReadOnlyDictionary<WorkflowStatus, long> CountsByStatus,
    IReadOnlyList<WorkflowInstanceSummary> Stuck)
{
    /// <summary>The cursor of the faulted run's next page (<see cref="Runtime.IWorkflowClient.ListFaultedAsync"/>), or null when <see cref="Stuck"/> lists every faulted journey.</summary>
    public FaultedCursor? StuckFaultedNext { get; init; }

    /// <summary>The cursor of the long waits' next page (<see cref="Runtime.IWorkflowClient.ListWaitingAsync"/>), or null when <see cref="Stuck"/> lists every long wait.</summary>
    public WaitingCursor? StuckWaitingNext { get; init; }

    /// <summary>The workflow's journeys whose step is deferred now, per what it waits out (a lender API's open circuit breaker).</summary>
    public IReadOnlyDictionary<string, long> DeferredOn { get; init; } = new Dictionary<string, long>();

    /// <summary>Journeys waiting longer than the asked threshold, all of them (<see cref="Stuck"/> lists the longest waits only); the faulted are <see cref="CountsByStatus"/>' Faulted.</summary>
    public long StuckWaiting { get; init; }
}
