using LoanJourney.Engine.Model;

namespace LoanJourney.Server.Instances;

internal sealed record InstanceListView(IReadOnlyList<InstanceSummaryView> Items, long Total, IReadOnlyDictionary<WorkflowStatus, long> CountsByStatus);
