using LoanJourney.Engine.Model;

namespace LoanJourney.Engine.Runtime;

public partial interface IWorkflowClient
{
    /// <summary>Appends an operator action to the audit trail.</summary>
    Task RecordAuditAsync(AuditEntry entry, CancellationToken cancellationToken = default);

    /// <summary>The audit trail, newest first.</summary>
    Task<PagedResult<AuditEntry>> ListAuditAsync(AuditQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// One retention batch for one final status (see <c>IWorkflowStore.RedactExpiredAsync</c>); null when another node runs retention.
    /// <paramref name="maskReasons"/>, when given, masks each journey's own values in the reasons of the audit entries about it.
    /// </summary>
    Task<IReadOnlyList<RedactedInstance>?> RedactExpiredAsync(WorkflowStatus status, DateTimeOffset finishedBefore, int limit, Storage.JourneyValuesMask? maskReasons = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// One retention batch of inbox records: consumed ones consumed before <paramref name="before"/>, and buffered ones (never
    /// consumed) received before it (see <c>IWorkflowStore.RedactInboxAsync</c>); null when another node runs retention.
    /// </summary>
    Task<int?> RedactExpiredInboxAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// After a retention round that removed something: the store drops what its files keep of it outside the live rows (see
    /// <c>IWorkflowStore.PurgeAfterRetentionAsync</c>); false when it could not now.
    /// </summary>
    Task<bool> PurgeAfterRetentionAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// One retention batch of idempotency tombstones left by redactions before <paramref name="purgedBefore"/> (see
    /// <c>IWorkflowStore.ExpireIdempotencyTombstonesAsync</c>); null when another node runs retention.
    /// </summary>
    Task<int?> ExpireIdempotencyTombstonesAsync(DateTimeOffset purgedBefore, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// One retention batch of the audit trail: entries recorded before <paramref name="before"/>, oldest first (see
    /// <c>IWorkflowStore.ExpireAuditAsync</c>); null when another node runs retention.
    /// </summary>
    Task<Storage.AuditExpiry?> ExpireAuditAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// What a redaction left of the stored idempotency key <paramref name="storedKey"/> (a scoped principal's namespace
    /// included), or null: a start with it is a replay of a journey whose data is gone.
    /// </summary>
    Task<Storage.IdempotencyTombstone?> FindIdempotencyTombstoneAsync(string storedKey, CancellationToken cancellationToken = default);

    /// <summary>
    /// Erases one borrower now: every journey whose correlation id is <paramref name="correlationId"/> (or its hash) and every
    /// inbox record whose key starts with one of <paramref name="inboxKeyPrefixes"/>. Journeys still running, waiting or faulted
    /// make it fail with <see cref="Errors.JourneysInFlightException"/> unless <paramref name="cancelFirst"/>: then they are
    /// cancelled (compensation runs) and the call waits up to <paramref name="cancelTimeout"/> for them to end — unless a cancel
    /// of any of them would be refused (past its point of no return): then <see cref="Errors.PastPointOfNoReturnException"/>
    /// names every such journey (<see cref="Errors.PastPointOfNoReturnException.Journeys"/>) and none is cancelled or erased.
    /// <paramref name="cancelled"/> is called as each cancel commits, before anything can still fail (the wait, a cancel of
    /// another journey refused in the window after the check), so the caller's audit trail has every cancel that happened.
    /// <paramref name="maskReasons"/>, when given, rewrites the reasons of the audit entries about every journey found (those
    /// redacted now and those redacted before) after the redaction and before the store's freed space is purged.
    /// </summary>
    Task<ErasureResult> EraseAsync(string correlationId, IReadOnlyList<string> inboxKeyPrefixes, bool cancelFirst, string? by, string? reason, TimeSpan cancelTimeout,
        Func<WorkflowInstance, Task>? cancelled = null, Func<string, string>? maskReasons = null, CancellationToken cancellationToken = default);
}
