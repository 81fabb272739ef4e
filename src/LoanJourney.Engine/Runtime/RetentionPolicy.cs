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

    /// <summary>Journeys or inbox records per transaction: small, so the dispatcher's commits never queue behind a long one.</summary>
    public int BatchSize { get; init; } = 50;

    /// <summary>Batches per round and kind at most; the rest waits for the next round.</summary>
    public int MaxBatchesPerRound { get; init; } = 20;
}
