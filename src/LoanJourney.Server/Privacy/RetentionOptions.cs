namespace LoanJourney.Server.Privacy;

/// <summary>
/// <c>Retention</c>: how long finished journeys and processed webhooks keep their data. Durations (<c>d.hh:mm:ss</c>);
/// empty or absent = kept forever. <c>Enabled</c> defaults to false in Development and true elsewhere; the production
/// defaults are in docs/server.md ("Retention").
/// </summary>
internal sealed class RetentionOptions
{
    public bool? Enabled { get; set; }

    public TimeSpan? Completed { get; set; } = TimeSpan.FromDays(90);

    public TimeSpan? Cancelled { get; set; } = TimeSpan.FromDays(30);

    public TimeSpan? Faulted { get; set; } = TimeSpan.FromDays(180);

    public TimeSpan? Inbox { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long a redacted journey's idempotency key is remembered (its hash), so a replayed start is refused.</summary>
    public TimeSpan? IdempotencyTombstones { get; set; } = TimeSpan.FromDays(365);

    /// <summary>
    /// How long the audit trail keeps an entry, counted from the action; absent or empty keeps it for ever (the default). At
    /// least <see cref="RetentionSettings.MinAuditTrail"/> (docs/server.md, "How long the trail is kept").
    /// </summary>
    public TimeSpan? AuditTrail { get; set; }

    /// <summary>How often a round runs.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);

    public int BatchSize { get; set; } = 50;

    /// <summary>The largest share of the store's time retention may take; it pauses between batches for the rest.</summary>
    public double MaxStoreShare { get; set; } = 0.05;

    /// <summary>How long an erasure with <c>cancelFirst</c> waits for the compensations before answering 409.</summary>
    public TimeSpan ErasureCancelTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
