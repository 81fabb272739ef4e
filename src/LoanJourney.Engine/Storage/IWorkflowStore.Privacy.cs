using LoanJourney.Engine.Model;

namespace LoanJourney.Engine.Storage;

public partial interface IWorkflowStore
{
    /// <summary>Appends an operator action to the audit trail.</summary>
    Task AppendAuditAsync(AuditEntry entry, CancellationToken cancellationToken);

    /// <summary>Audit entries matching <paramref name="query"/>, newest first, with the total count.</summary>
    Task<PagedResult<AuditEntry>> QueryAuditAsync(AuditQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Redacts up to <paramref name="limit"/> not yet redacted journeys in <paramref name="status"/> (a final status) whose last
    /// change is before <paramref name="finishedBefore"/>, oldest first, in one short transaction (see <see cref="RedactInstancesAsync"/>
    /// for what goes). With <paramref name="maskReasons"/>, the reasons of the audit entries about those journeys are written, in
    /// the same transaction, with each journey's own values masked (read from its input before it is cleared; a journey whose
    /// input cannot be decrypted keeps its reasons as they are). Null when another node runs retention right now (PostgreSQL: a
    /// transaction-level advisory lock).
    /// </summary>
    Task<IReadOnlyList<RedactedInstance>?> RedactExpiredAsync(WorkflowStatus status, DateTimeOffset finishedBefore, int limit, DateTimeOffset now, JourneyValuesMask? maskReasons, CancellationToken cancellationToken);

    /// <summary>
    /// Removes the payload and key of up to <paramref name="limit"/> inbox records consumed before <paramref name="before"/>, and of
    /// up to <paramref name="limit"/> never consumed (buffered) records received before it, which are marked consumed by
    /// <c>expired</c> so that no journey waiting later gets them. The event id stays, so a redelivery is still a duplicate.
    /// Null when another node runs retention right now.
    /// </summary>
    Task<int?> RedactInboxAsync(DateTimeOffset before, int limit, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The journeys whose correlation id is one of <paramref name="correlationIds"/> (a borrower's id, or its hash once redacted).</summary>
    Task<IReadOnlyList<BorrowerJourney>> FindByCorrelationAsync(IReadOnlyList<string> correlationIds, CancellationToken cancellationToken);

    /// <summary>
    /// Redacts the given journeys that are Completed, Cancelled or Faulted, in one transaction: input, outputs, variables,
    /// step state, pending stimulus, idempotency key (a tombstone of its hash is kept: <see cref="FindIdempotencyTombstoneAsync"/>), journal bodies (packed ones too: the archive's data blob), incident messages and details, step errors, intents
    /// and bookmarks go; the correlation id becomes its hash; the inbox records they consumed lose their payload and key.
    /// Journeys still running or waiting are left alone. SQLite overwrites the freed space (<c>secure_delete</c>).
    /// </summary>
    Task<IReadOnlyList<RedactedInstance>> RedactInstancesAsync(IReadOnlyList<string> instanceIds, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// The tombstone a redaction left for the stored idempotency key whose hash is <paramref name="keyHash"/>
    /// (<see cref="Model.IdempotencyKeys.Hash"/>), or null. <see cref="RedactInstancesAsync"/> and <see cref="RedactExpiredAsync"/> write one for
    /// every redacted journey that had a key, in the same transaction that clears the key.
    /// </summary>
    Task<IdempotencyTombstone?> FindIdempotencyTombstoneAsync(string keyHash, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes up to <paramref name="limit"/> idempotency tombstones left by redactions before <paramref name="purgedBefore"/>,
    /// oldest first: from then on the key starts a new journey. Null when another node runs retention right now.
    /// </summary>
    Task<int?> ExpireIdempotencyTombstonesAsync(DateTimeOffset purgedBefore, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes up to <paramref name="limit"/> audit entries recorded before <paramref name="before"/>, oldest first
    /// (<c>Retention:AuditTrail</c>; by <c>ix_audit_at</c>, migration 0015). Null when another node runs retention right now.
    /// </summary>
    Task<AuditExpiry?> ExpireAuditAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Rewrites the reasons of the audit entries about <paramref name="instanceIds"/> through <paramref name="mask"/> (an erasure
    /// masking the erased borrower's name in what operators typed); answers how many entries changed.
    /// </summary>
    Task<int> MaskAuditReasonsAsync(IReadOnlyList<string> instanceIds, Func<string, string> mask, CancellationToken cancellationToken);

    /// <summary>Redacts the inbox records whose key starts with one of <paramref name="keyPrefixes"/> (buffered ones are marked consumed by <c>erased</c>).</summary>
    Task<int> RedactInboxByKeyAsync(IReadOnlyList<string> keyPrefixes, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// After an erasure: makes the freed bytes unreachable in the store's files where the store can (SQLite: VACUUMs, which
    /// rewrites every page from the live rows and so also drops the old row versions a page split leaves in a page's unused
    /// space, then checkpoints and truncates the WAL, which still holds the pages as they were; PostgreSQL: VACUUMs the
    /// redacted tables, bounded by its lock and statement timeouts). Not purged, with why (<see cref="FreedSpacePurge.Failure"/>), when it
    /// could not complete now (a reader held an old snapshot or a table's lock, the disk had no room for the rewrite); the redaction
    /// itself is committed either way, and a failure here is an answer, never an exception.
    /// </summary>
    Task<FreedSpacePurge> PurgeFreedSpaceAsync(CancellationToken cancellationToken);

    /// <summary>
    /// What the payload sweep ends with: <see cref="PurgeFreedSpaceAsync"/> without rewriting the database file (SQLite: the
    /// TRUNCATE checkpoint without the VACUUM, which on a large database holds the write lock for minutes and needs its size
    /// again in free disk), so copies in the unused space of pages may stay (docs/engine.md, "payload sweep").
    /// </summary>
    async Task<bool> PurgeFreedSpaceWithoutRewriteAsync(CancellationToken cancellationToken) => (await PurgeFreedSpaceAsync(cancellationToken)).Purged;

    /// <summary>
    /// After a retention round that redacted or deleted something: drops the copies of what it removed that the store's own
    /// files still hold outside the live rows, at a cost the step path can bear every round (docs/server.md, "Retention":
    /// SQLite zeroes freed cells as it frees them, <c>secure_delete</c>, and here checkpoints and truncates the WAL, which holds
    /// the pages as they were before the redaction; no VACUUM). False when it could not now (a reader's snapshot kept the WAL);
    /// the caller tries again after its next round. PostgreSQL: nothing (true): its autovacuum reaches the redacted tables, and a
    /// VACUUM does not zero dead row versions anyway ("Erasure", known limits).
    /// </summary>
    Task<bool> PurgeAfterRetentionAsync(CancellationToken cancellationToken) => Task.FromResult(true);
}
