using LoanJourney.Engine.Model;

namespace LoanJourney.Engine.Storage;

/// <summary>
/// Persistence of definitions, instances, bookmarks, journal, incidents, inbox and intents. Every state change of an
/// instance is a single transaction with an optimistic version check; runner commits also check the lease fence.
/// Implementations: SQLite (embedded, single node); PostgreSQL (several nodes; claim with FOR UPDATE SKIP LOCKED).
/// Run the contract test suite (<c>WorkflowStoreContractTests</c>) against any new implementation.
/// </summary>
public partial interface IWorkflowStore
{
    /// <summary>Applies migrations; idempotent and safe to call from several processes.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Stores a definition snapshot; an existing id+version with a different hash is a conflict. One with the same hash and
    /// no layout takes <paramref name="json"/>'s layout when it has one (<see cref="DefinitionSaveResult.LayoutAdopted"/>).
    /// </summary>
    Task<DefinitionSaveResult> SaveDefinitionAsync(string workflowId, int version, string contentHash, string json, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>A stored definition snapshot, or null.</summary>
    Task<string?> GetDefinitionJsonAsync(string workflowId, int version, CancellationToken cancellationToken);

    /// <summary>
    /// Inserts an instance (ready to run) and its first journal entry, and returns the instance as stored (the idempotency key as
    /// its hash, version 1, no lease, whole milliseconds; made from <paramref name="instance"/>, not read back) and true. With an
    /// idempotency key that exists, returns the existing instance and false.
    /// </summary>
    Task<(InstanceRecord Instance, bool Created)> CreateInstanceAsync(InstanceRecord instance, JournalRecord started, CancellationToken cancellationToken);

    /// <summary>
    /// As <see cref="CreateInstanceAsync(InstanceRecord, JournalRecord, CancellationToken)"/>, and <paramref name="audit"/> (when
    /// given) appended to the audit trail in the same transaction: the entry exists if and only if the instance was created.
    /// </summary>
    Task<(InstanceRecord Instance, bool Created)> CreateInstanceAsync(InstanceRecord instance, JournalRecord started, AuditEntry? audit, CancellationToken cancellationToken);

    /// <summary>Claims up to <paramref name="max"/> instances whose ready time has come and whose lease is free or expired; increments their lease token.</summary>
    Task<IReadOnlyList<InstanceRecord>> ClaimReadyAsync(string owner, DateTimeOffset now, DateTimeOffset leaseUntil, int max, CancellationToken cancellationToken);

    /// <summary>Claims one instance regardless of its ready time when its lease is free or expired; null otherwise.</summary>
    Task<InstanceRecord?> TryClaimAsync(string instanceId, string owner, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    /// <summary>The earliest ready time of any unleased instance (for the dispatcher to sleep until).</summary>
    Task<DateTimeOffset?> GetNextReadyAtAsync(CancellationToken cancellationToken);

    /// <summary>Commits a step transition in one transaction. Throws <see cref="StaleCommitException"/> on a version or lease mismatch.</summary>
    Task<CommitResult> CommitAsync(InstanceCommit commit, CancellationToken cancellationToken);

    /// <summary>Extends a lease still held with <paramref name="fence"/>; false when it was lost.</summary>
    Task<bool> RenewLeaseAsync(string instanceId, LeaseFence fence, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    /// <summary>Releases a lease still held with <paramref name="fence"/>.</summary>
    Task ReleaseLeaseAsync(string instanceId, LeaseFence fence, CancellationToken cancellationToken);

    /// <summary>Releases every lease held by <paramref name="owner"/> (a restarted node with a stable id).</summary>
    Task<int> ReleaseLeasesOwnedByAsync(string owner, CancellationToken cancellationToken);

    /// <summary>Fires a non-sensitive signal bookmark: removes all the instance's bookmarks, stores the pending stimulus, makes it ready — one transaction. <paramref name="by"/> (the principal) goes into the journal entry.</summary>
    Task<SignalFireResult> FireSignalAsync(string instanceId, string signalName, string? payloadJson, string? by, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a webhook event in the inbox (duplicate ids ignored) and routes it to the oldest waiting bookmark with its key, or
    /// leaves it buffered. <paramref name="traceParent"/> (the receiving request's W3C <c>traceparent</c>, or null) is kept with
    /// the event and handed on in the <see cref="PendingStimulus"/> of the journey that consumes it, now or later.
    /// </summary>
    Task<WebhookDeliveryResult> DeliverWebhookAsync(string eventId, string key, string? payloadJson, string? traceParent, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Requests cancellation. An unleased instance is made ready at once (bookmarks removed, incident resolved, version
    /// bumped); a leased one only gets the flag, which the runner's next commit returns so it switches to compensation
    /// without losing the step it was running. <see cref="CancelRequestStatus.Finished"/> when the instance already finished.
    /// With a <paramref name="guard"/>, in the same transaction and holding the row (so a once-only call's
    /// <see cref="SaveIntentAsync"/> is either before it, and seen, or after it, and refused): nothing changes when the row
    /// is no longer at the guard's version (<see cref="CancelRequestStatus.Moved"/>), or when an intent of one of its
    /// point-of-no-return steps may have taken effect and no open incident of its decision kind asks the operator
    /// (<see cref="CancelRequestStatus.MoneyCallOut"/>).
    /// </summary>
    Task<CancelRequestResult> RequestCancelAsync(string instanceId, string? reason, string? by, DateTimeOffset now, CancelGuard? guard, CancellationToken cancellationToken);

    /// <summary>An instance row, or null.</summary>
    Task<InstanceRecord?> GetInstanceAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>
    /// What a runner holding a commit back checks before it runs the next step (<c>ActivityResult.CompleteReadOnly</c>): the row's
    /// version, cancel flag and lease, read without its payloads (nothing decrypted). Null when the row is gone.
    /// </summary>
    Task<InstanceMark?> GetInstanceMarkAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>
    /// The ids of the newest instances whose stored input is protected (<see cref="PayloadProtection.Prefix"/>), newest first, at
    /// most <paramref name="max"/>, looked for among the newest <see cref="PayloadProtection.KeyCheckWindow"/> only (an index walk,
    /// never a scan of history). The start-up key check reads these: a redacted journey or one written before protection was
    /// enabled reads with any keys, so it proves nothing about them.
    /// </summary>
    Task<IReadOnlyList<string>> GetNewestProtectedInstanceIdsAsync(int max, CancellationToken cancellationToken);

    /// <summary>Bookmarks of an instance.</summary>
    Task<IReadOnlyList<BookmarkRecord>> GetBookmarksAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>The open incident of an instance, or null.</summary>
    Task<IncidentRecord?> GetOpenIncidentAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>
    /// Lists instances newest first: their summaries, with a total. No payload is read, so a journey this node cannot
    /// decrypt is listed like any other (bulk operations select with this, then act on each journey alone).
    /// </summary>
    Task<PagedResult<WorkflowInstanceSummary>> QueryInstancesAsync(InstanceQuery query, CancellationToken cancellationToken);

    /// <summary>Journal of an instance in order.</summary>
    Task<PagedResult<JournalRecord>> ReadJournalAsync(string instanceId, int skip, int take, CancellationToken cancellationToken);

    /// <summary>
    /// Persists an intent in its own transaction, only while <paramref name="fence"/> still holds the lease, and, with
    /// <paramref name="unlessCancelRequested"/> (an intent saved before its once-only call is sent), only while no cancel was
    /// requested: a cancel committed first throws <see cref="StaleCommitException"/> (<see cref="StaleCommitException.LeaseLost"/>
    /// false), so the call is never sent and the runner compensates instead. The check and the save are one statement on the
    /// instance's row, so a cancel either comes before it (nothing is sent) or after it (the call is out; the cancel's
    /// compensations run when it has answered).
    /// </summary>
    Task SaveIntentAsync(IntentRecord intent, LeaseFence fence, bool unlessCancelRequested, CancellationToken cancellationToken);

    /// <summary>Unresolved intents of an instance.</summary>
    Task<IReadOnlyList<IntentRecord>> GetOpenIntentsAsync(string instanceId, CancellationToken cancellationToken);
}
