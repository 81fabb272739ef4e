namespace LoanJourney.Server.Instances;

internal sealed record BulkItemResult(string Id, bool Ok, string? Error, string? Code);
