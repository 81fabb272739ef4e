namespace LoanJourney.Server.Workflows;

internal sealed record ActivityListView(IReadOnlyList<ActivityView> Items);
