namespace LoanJourney.Engine.Storage;

/// <summary>
/// What is kept of a redacted journey's idempotency key (migration 0032): its hash (<see cref="Model.IdempotencyKeys.Hash"/> of the
/// stored key, a partner's namespace included), the partner, the workflow and journey, and when the journey was redacted.
/// A start replaying the key is refused while it is kept.
/// </summary>
public sealed record IdempotencyTombstone(string KeyHash, string? Partner, string WorkflowId, string InstanceId, DateTimeOffset PurgedAt);
