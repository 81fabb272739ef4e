namespace LoanJourney.Server.Privacy;

internal sealed record RetentionView(bool Enabled, string? Completed, string? Cancelled, string? Faulted, string? Inbox, string? IdempotencyTombstones, string? AuditTrail, string Interval, int BatchSize,
    IReadOnlyList<RetentionRunView> Recent);
