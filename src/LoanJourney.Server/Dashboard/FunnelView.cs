using LoanJourney.Engine.Model;
using LoanJourney.Server.Instances;

namespace LoanJourney.Server.Dashboard;

internal sealed record FunnelView(
    string WorkflowId, long Total, IReadOnlyList<FunnelStepCounts> Steps, IReadOnlyDictionary<string, long> Outcomes,
    IReadOnlyDictionary<WorkflowStatus, long> CountsByStatus, IReadOnlyList<InstanceSummaryView> Stuck,
    IReadOnlyDictionary<string, long> DeferredOn, long StuckWaiting, string? StuckFaultedNext, string? StuckWaitingNext);
