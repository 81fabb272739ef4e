using LoanJourney.Engine.Model;

namespace LoanJourney.Server.Instances;

// Next: the "after" cursor of the next page (keyset paging), or null when this page is the last one.
internal sealed record InstanceListView(IReadOnlyList<InstanceSummaryView> Items, long Total, IReadOnlyDictionary<WorkflowStatus, long> CountsByStatus, string? Next);
