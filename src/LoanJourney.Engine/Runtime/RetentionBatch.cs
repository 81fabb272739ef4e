namespace LoanJourney.Engine.Runtime;

/// <summary>One retention batch: when, what (<c>Completed</c>, <c>Cancelled</c>, <c>Faulted</c>, <c>Inbox</c>, <c>IdempotencyTombstones</c> or <c>AuditTrail</c>), how many, which journeys.</summary>
/// <param name="At">When it committed.</param>
/// <param name="Kind">The status whose journeys were redacted, or <c>Inbox</c>.</param>
/// <param name="Count">Journeys or inbox records redacted.</param>
/// <param name="InstanceIds">The journeys redacted (empty for the inbox).</param>
public sealed record RetentionBatch(DateTimeOffset At, string Kind, int Count, IReadOnlyList<string> InstanceIds)
{
    /// <summary>The oldest removed entry's time (<c>AuditTrail</c> batches only).</summary>
    public DateTimeOffset? Oldest { get; init; }

    /// <summary>The newest removed entry's time (<c>AuditTrail</c> batches only).</summary>
    public DateTimeOffset? Newest { get; init; }
}
