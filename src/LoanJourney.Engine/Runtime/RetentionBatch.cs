namespace LoanJourney.Engine.Runtime;

/// <summary>One retention batch: when, what (<c>Completed</c>, <c>Cancelled</c>, <c>Faulted</c> or <c>Inbox</c>), how many, which journeys.</summary>
/// <param name="At">When it committed.</param>
/// <param name="Kind">The status whose journeys were redacted, or <c>Inbox</c>.</param>
/// <param name="Count">Journeys or inbox records redacted.</param>
/// <param name="InstanceIds">The journeys redacted (empty for the inbox).</param>
public sealed record RetentionBatch(DateTimeOffset At, string Kind, int Count, IReadOnlyList<string> InstanceIds);
