namespace LoanJourney.Engine.Runtime;

/// <summary>How long finished journeys and processed webhooks keep their data (null: kept); see <see cref="RetentionRunner"/>.</summary>
public sealed record RetentionPolicy
{
    /// <summary>Completed journeys, counted from their last change.</summary>
    public TimeSpan? Completed { get; init; }

    /// <summary>Cancelled journeys.</summary>
    public TimeSpan? Cancelled { get; init; }

    /// <summary>Faulted journeys nobody retried, skipped or cancelled (their incident is closed as <c>redacted</c>).</summary>
    public TimeSpan? Faulted { get; init; }

    /// <summary>Webhook inbox records, counted from when they were consumed.</summary>
    public TimeSpan? Inbox { get; init; }

    /// <summary>
    /// Idempotency tombstones (what a redaction keeps of a journey's idempotency key, so a replayed start is refused rather
    /// than starting the journey again), counted from the redaction.
    /// </summary>
    public TimeSpan? IdempotencyTombstones { get; init; }

    /// <summary>
    /// The audit trail itself, counted from each entry's time; null (the default) keeps it for ever. The server refuses a
    /// value under five years (docs/server.md, "How long the trail is kept").
    /// </summary>
    public TimeSpan? AuditTrail { get; init; }

    /// <summary>
    /// Masks each redacted journey's own values (read from its input before the redaction) in the reasons of the audit entries
    /// about it, in the batch's transaction: the trail outlives the journey's data and keeps who, what and when, not the name an
    /// operator quoted. Null: reasons stay as received (PII patterns masked then). The server's is <c>BorrowerValues.ForJourney</c>.
    /// </summary>
    public Storage.JourneyValuesMask? MaskReasons { get; init; }

    /// <summary>Journeys or inbox records per transaction: small, so the dispatcher's commits never queue behind a long one.</summary>
    public int BatchSize { get; init; } = 50;

    /// <summary>Batches per round and kind at most; the rest waits for the next round.</summary>
    public int MaxBatchesPerRound { get; init; } = 20;

    /// <summary>
    /// The largest share of the store's time a round may take (0 &lt; share ≤ 1): after a batch that took <c>t</c> the round
    /// pauses <c>t × (1 − share) / share</c> before the next, so the dispatcher's commits get the rest however long the
    /// backlog. A batch that waited behind the dispatcher's commits took longer, so the pause grows when the engine is busy.
    /// </summary>
    public double MaxStoreShare { get; init; } = 0.05;
}
