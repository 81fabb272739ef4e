namespace LoanJourney.Server.Privacy;

internal sealed record ErasureView(string CustomerHash, IReadOnlyList<string> Cancelled, IReadOnlyList<string> Redacted, int AlreadyRedacted, int InboxRecords, bool FreedSpacePurged);
