namespace LoanJourney.Server.Instances;

internal sealed record BulkResultView(IReadOnlyList<BulkItemResult> Results);
