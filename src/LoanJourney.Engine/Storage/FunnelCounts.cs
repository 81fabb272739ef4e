using LoanJourney.Engine.Model;

namespace LoanJourney.Engine.Storage;

/// <summary>
/// A workflow's funnel numbers as the store aggregates them: every journey, per step seen in any journey's history (in no
/// particular order), completed journeys per outcome, and journeys per status (<c>Cancelled</c> included), all read from
/// the counters the store keeps at each commit.
/// </summary>
public sealed record FunnelCounts(
    long Total,
    IReadOnlyList<FunnelStepCounts> Steps,
    IReadOnlyDictionary<string, long> Outcomes,
    IReadOnlyDictionary<WorkflowStatus, long> CountsByStatus)
{
    /// <summary>
    /// The workflow's journeys whose step is deferred now, per what it waits out (a lender API's open circuit breaker:
    /// <c>FinBoxPrism</c> → 4), counted over the deferral timers (<see cref="OperatorViewAggregates.DeferredSql"/>).
    /// </summary>
    public IReadOnlyDictionary<string, long> DeferredOn { get; init; } = new Dictionary<string, long>();
}
