using LoanJourney.Server.Instances;

namespace LoanJourney.Server.Dashboard;

// Next: the "after" cursor of the next page (keyset paging), or null when this page is the last one.
internal sealed record FaultedPageView(IReadOnlyList<InstanceSummaryView> Items, string? Next);
