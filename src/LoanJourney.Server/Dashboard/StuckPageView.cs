using LoanJourney.Server.Instances;

namespace LoanJourney.Server.Dashboard;

// A page of one of the stuck list's runs (the faulted, the long waits). Next: the "after" cursor of the next page (keyset paging), or
// null when this page is the last one.
internal sealed record StuckPageView(IReadOnlyList<InstanceSummaryView> Items, string? Next);
