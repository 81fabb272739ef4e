using Dapper;
using LoanJourney.Engine.Model;
using Microsoft.Data.Sqlite;

namespace LoanJourney.Engine.Storage.Sqlite;

public sealed partial class SqliteWorkflowStore
{
    // Shared with PostgreSQL.
    internal const string InsertAuditSql =
        "INSERT INTO audit_log (at, principal, action, workflow_id, instance_id, reason, data_json, client_address, auth_method, auth_id, user_agent) " +
        "VALUES (@At, @Principal, @Action, @WorkflowId, @InstanceId, @Reason, @DataJson, @ClientAddress, @AuthMethod, @AuthId, @UserAgent)";

    // Prepared per connection: every start through the API writes one, in its own commit (CreateInstanceAsync).
    private static readonly SqlStatement InsertAuditEntry = new(InsertAuditSql,
        "@At", "@Principal", "@Action", "@WorkflowId", "@InstanceId", "@Reason", "@DataJson", "@ClientAddress", "@AuthMethod", "@AuthId", "@UserAgent");

    /// <inheritdoc />
    public Task AppendAuditAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return WriteAsync((c, tx) => Task.FromResult(InsertAudit(c, tx, entry)), cancellationToken);
    }

    private int InsertAudit(SqliteConnection c, SqliteTransaction? tx, AuditEntry entry) =>
        Bind(c, tx, InsertAuditEntry, UnixMs.To(entry.At), entry.Principal, entry.Action, entry.WorkflowId, entry.InstanceId, entry.Reason, entry.DataJson,
            entry.ClientAddress, entry.AuthMethod, entry.AuthId, entry.UserAgent).ExecuteNonQuery();

    /// <inheritdoc />
    public Task<PagedResult<AuditEntry>> QueryAuditAsync(AuditQuery query, CancellationToken cancellationToken) =>
        ReadAsync(async c =>
        {
            var (where, parameters) = AuditSql.Filter(query);
            var total = query.CountTotal ? await c.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM audit_log {where}", parameters) : -1;
            var rows = await c.QueryAsync<(long Seq, long At, string Principal, string Action, string? WorkflowId, string? InstanceId, string? Reason, string? DataJson, string? ClientAddress, string? AuthMethod, string? AuthId, string? UserAgent)>(
                $"SELECT seq, at, principal, action, workflow_id, instance_id, reason, data_json, client_address, auth_method, auth_id, user_agent FROM audit_log {AuditSql.Page(where, query, parameters)} ORDER BY seq DESC LIMIT @Take OFFSET @Skip", parameters);
            return new PagedResult<AuditEntry>(rows.Select(r => new AuditEntry(r.Seq, UnixMs.From(r.At), r.Principal, r.Action, r.WorkflowId, r.InstanceId, r.Reason, r.DataJson)
            {
                ClientAddress = r.ClientAddress, AuthMethod = r.AuthMethod, AuthId = r.AuthId, UserAgent = r.UserAgent,
            }).ToList(), total);
        });

    // Shared with PostgreSQL (+ FOR UPDATE SKIP LOCKED). The statuses are spelled as in ix_instances_retention's WHERE
    // (migration 0025): a partial index is used only for a query whose WHERE names its condition.
    internal const string RetentionSelectSql =
        "SELECT id FROM instances WHERE status = @status AND status IN ('Completed', 'Cancelled', 'Faulted') AND redacted_at IS NULL " +
        "AND updated_at < @before ORDER BY updated_at LIMIT @limit";

    /// <inheritdoc />
    public Task<IReadOnlyList<RedactedInstance>?> RedactExpiredAsync(WorkflowStatus status, DateTimeOffset finishedBefore, int limit, DateTimeOffset now, JourneyValuesMask? maskReasons, CancellationToken cancellationToken) =>
        WriteAsync<IReadOnlyList<RedactedInstance>?>(async (c, tx) =>
        {
            // One node only: nothing to lock. The retention index (migration 0025) finds the oldest rows without a scan.
            var ids = (await c.QueryAsync<string>(RetentionSelectSql,
                new { status = status.ToString(), before = UnixMs.To(finishedBefore), limit }, tx)).ToList();
            return await RedactAsync(c, tx, ids, now, maskReasons is null ? null : (maskReasons, _options.PayloadProtector));
        }, cancellationToken);

    // Shared with PostgreSQL, each ending inside its sub-select (SQLite closes it; PostgreSQL adds FOR UPDATE SKIP LOCKED first).
    // Consumed records age out from their consumption, buffered ones (nothing waited for them) from their arrival: those are
    // marked consumed by `expired`, so a journey that waits later never gets a payload-less event, and the kept event id
    // still makes a redelivery a duplicate. The buffered ones are few and in ix_inbox_buffered (consumed_at IS NULL).
    internal const string ExpiredInboxConsumedSql =
        "UPDATE webhook_inbox SET payload_json = NULL, key = @redacted, redacted_at = @now WHERE event_id IN " +
        "(SELECT event_id FROM webhook_inbox WHERE redacted_at IS NULL AND consumed_at IS NOT NULL AND consumed_at < @before ORDER BY consumed_at LIMIT @limit";

    internal const string ExpiredInboxBufferedSql =
        "UPDATE webhook_inbox SET payload_json = NULL, key = @redacted, redacted_at = @now, consumed_by = @expired, consumed_at = @now WHERE event_id IN " +
        "(SELECT event_id FROM webhook_inbox WHERE consumed_at IS NULL AND received_at < @before ORDER BY received_at LIMIT @limit";

    /// <inheritdoc />
    public Task<int?> RedactInboxAsync(DateTimeOffset before, int limit, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync<int?>(async (c, tx) =>
        {
            SecureDelete(c, tx);
            var p = new { redacted = Redaction.RedactedKey, expired = Redaction.ExpiredConsumer, now = UnixMs.To(now), before = UnixMs.To(before), limit };
            var consumed = await c.ExecuteAsync(ExpiredInboxConsumedSql + ")", p, tx);
            return consumed + await c.ExecuteAsync(ExpiredInboxBufferedSql + ")", p, tx);
        }, cancellationToken);

    // Shared with PostgreSQL. A key used again after its tombstone expired, and purged again, gets the later journey's tombstone.
    internal const string IdempotencyTombstoneUpsertSql =
        "INSERT INTO idempotency_tombstones (key_hash, partner, workflow_id, instance_id, purged_at) VALUES (@hash, @partner, @workflowId, @id, @at) " +
        "ON CONFLICT (key_hash) DO UPDATE SET partner = excluded.partner, workflow_id = excluded.workflow_id, instance_id = excluded.instance_id, purged_at = excluded.purged_at";

    internal const string IdempotencyTombstoneSelectSql =
        "SELECT key_hash AS KeyHash, partner AS Partner, workflow_id AS WorkflowId, instance_id AS InstanceId, purged_at AS PurgedAt FROM idempotency_tombstones WHERE key_hash = @keyHash";

    // Ends inside its sub-select (PostgreSQL adds FOR UPDATE SKIP LOCKED first).
    internal const string ExpiredIdempotencyTombstonesSql =
        "DELETE FROM idempotency_tombstones WHERE key_hash IN (SELECT key_hash FROM idempotency_tombstones WHERE purged_at < @before ORDER BY purged_at LIMIT @limit";

    internal static IdempotencyTombstone? Tombstone((string KeyHash, string? Partner, string WorkflowId, string InstanceId, long PurgedAt) row) =>
        row.KeyHash is null ? null : new IdempotencyTombstone(row.KeyHash, row.Partner, row.WorkflowId, row.InstanceId, UnixMs.From(row.PurgedAt));

    /// <inheritdoc />
    public Task<IdempotencyTombstone?> FindIdempotencyTombstoneAsync(string keyHash, CancellationToken cancellationToken) =>
        ReadAsync(async c => Tombstone(await c.QueryFirstOrDefaultAsync<(string KeyHash, string? Partner, string WorkflowId, string InstanceId, long PurgedAt)>(
            IdempotencyTombstoneSelectSql, new { keyHash })));

    /// <inheritdoc />
    public Task<int?> ExpireIdempotencyTombstonesAsync(DateTimeOffset purgedBefore, int limit, CancellationToken cancellationToken) =>
        WriteAsync<int?>(async (c, tx) => await c.ExecuteAsync(ExpiredIdempotencyTombstonesSql + ")", new { before = UnixMs.To(purgedBefore), limit }, tx), cancellationToken);

    // Shared with PostgreSQL, ending inside its sub-select (PostgreSQL adds FOR UPDATE SKIP LOCKED first, then closes it and
    // appends AuditExpiredReturningSql). Oldest first by ix_audit_at (migration 0015): no index of its own is needed.
    internal const string ExpiredAuditSql =
        "DELETE FROM audit_log WHERE seq IN (SELECT seq FROM audit_log WHERE at < @before ORDER BY at, seq LIMIT @limit";

    internal const string ExpiredAuditReturningSql = ") RETURNING at";

    internal const string AuditReasonsSql = "SELECT seq, reason FROM audit_log WHERE instance_id IN @ids AND reason IS NOT NULL";

    internal const string AuditReasonUpdateSql = "UPDATE audit_log SET reason = @Reason WHERE seq = @Seq";

    private const string JourneyReasonsSql = "SELECT seq, instance_id, reason FROM audit_log WHERE instance_id IN @ids AND reason IS NOT NULL";

    /// <inheritdoc />
    public Task<AuditExpiry?> ExpireAuditAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken) =>
        WriteAsync<AuditExpiry?>(async (c, tx) =>
        {
            SecureDelete(c, tx);
            var removed = (await c.QueryAsync<long>(ExpiredAuditSql + ExpiredAuditReturningSql, new { before = UnixMs.To(before), limit }, tx)).ToList();
            return AuditExpiry.Of(removed);
        }, cancellationToken);

    /// <inheritdoc />
    public Task<int> MaskAuditReasonsAsync(IReadOnlyList<string> instanceIds, Func<string, string> mask, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instanceIds);
        ArgumentNullException.ThrowIfNull(mask);
        return instanceIds.Count == 0 ? Task.FromResult(0) : WriteAsync(async (c, tx) =>
        {
            SecureDelete(c, tx);
            var changed = Remasked(await c.QueryAsync<(long Seq, string Reason)>(AuditReasonsSql, new { ids = instanceIds }, tx), mask);
            foreach (var row in changed)
            {
                await c.ExecuteAsync(AuditReasonUpdateSql, new { row.Seq, row.Reason }, tx);
            }

            return changed.Count;
        }, cancellationToken);
    }

    // The rows whose reason the mask changes, with the new reason.
    internal static List<(long Seq, string Reason)> Remasked(IEnumerable<(long Seq, string Reason)> rows, Func<string, string> mask) =>
        rows.Select(r => (r.Seq, Old: r.Reason, New: mask(r.Reason))).Where(r => !string.Equals(r.Old, r.New, StringComparison.Ordinal))
            .Select(r => (r.Seq, r.New)).ToList();

    /// <inheritdoc />
    public Task<IReadOnlyList<BorrowerJourney>> FindByCorrelationAsync(IReadOnlyList<string> correlationIds, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<BorrowerJourney>>(async c => (await c.QueryAsync<(string Id, string WorkflowId, string Status, long? RedactedAt)>(
                "SELECT id, workflow_id, status, redacted_at FROM instances WHERE correlation_id IN @correlationIds ORDER BY created_at", new { correlationIds }))
            .Select(r => new BorrowerJourney(r.Id, r.WorkflowId, Enum.Parse<WorkflowStatus>(r.Status), r.RedactedAt is not null)).ToList());

    /// <inheritdoc />
    public Task<IReadOnlyList<RedactedInstance>> RedactInstancesAsync(IReadOnlyList<string> instanceIds, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync((c, tx) => RedactAsync(c, tx, instanceIds, now), cancellationToken);

    /// <inheritdoc />
    public Task<int> RedactInboxByKeyAsync(IReadOnlyList<string> keyPrefixes, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync(async (c, tx) =>
        {
            SecureDelete(c, tx);
            var count = 0;
            foreach (var prefix in keyPrefixes)
            {
                count += await c.ExecuteAsync(
                    "UPDATE webhook_inbox SET payload_json = NULL, key = @redacted, redacted_at = @now, consumed_by = COALESCE(consumed_by, @erased), consumed_at = COALESCE(consumed_at, @now) " +
                    "WHERE substr(key, 1, length(@prefix)) = @prefix",
                    new { redacted = Redaction.RedactedKey, erased = Redaction.ErasedConsumer, now = UnixMs.To(now), prefix }, tx);
            }

            return count;
        }, cancellationToken);

    /// <inheritdoc />
    public async Task<FreedSpacePurge> PurgeFreedSpaceAsync(CancellationToken cancellationToken)
    {
        // Not beside the store's background checkpoint (it would hold the checkpointer lock and this one would return busy).
        await _checkpointGate.WaitAsync(cancellationToken);
        try
        {
            // With the writer paused (queued writes wait behind this, none fails on the write lock), on a pooled connection: the
            // writer's keeps its temporary files in memory, and VACUUM's copy of the database would go there.
            return await ExclusiveAsync(async c =>
            {
                // secure_delete zeroes a freed cell and a freed page, but not what a page split or merge leaves behind: a page
                // rebuilt with less content keeps the old bytes between its cell pointers and its cells (SQLite's rebuildPage
                // does not clear that gap), among them older versions of rows that moved to a sibling page and were rewritten
                // there since (CI, session 49: an instance row of an erased borrower, as it was while Waiting, after an erasure
                // that answered freedSpacePurged). VACUUM rewrites every page from the live rows only.
                // A VACUUM that fails (it needs the database's size again in free disk: SQLITE_FULL) leaves the file as it was: the
                // redaction stands, the checkpoint below still empties the WAL, and the answer is false (the page gaps are not
                // cleared), with why, rather than an error that would lose the erasure's answer and its audit entries.
                string? failure = null;
                try
                {
                    _options.BeforeRewrite?.Invoke(c);
                    await c.ExecuteAsync("VACUUM");
                }
                catch (SqliteException e)
                {
                    failure = e.SqliteErrorCode switch
                    {
                        SQLitePCL.raw.SQLITE_FULL => FreedSpacePurge.DiskFull,
                        SQLitePCL.raw.SQLITE_BUSY or SQLitePCL.raw.SQLITE_LOCKED => FreedSpacePurge.Busy,
                        _ => FreedSpacePurge.StoreError,
                    };
                }

                // The WAL now holds the old pages and the rewritten ones; a TRUNCATE checkpoint copies the rewritten ones into the
                // database file and empties the WAL. busy = 1 when a reader's snapshot kept it from finishing (after the
                // connection's busy timeout): then old page images stay in the WAL, and the answer says so.
                var result = await c.QueryFirstAsync<(long Busy, long Log, long Checkpointed)>("PRAGMA wal_checkpoint(TRUNCATE)");
                failure ??= result.Busy == 0 ? null : FreedSpacePurge.Busy;
                return failure is null ? FreedSpacePurge.Done : FreedSpacePurge.Failed(failure);
            }, CancellationToken.None); // the redaction is committed: a request ended now must not skip its purge
        }
        finally
        {
            _checkpointGate.Release();
        }
    }

    /// <inheritdoc />
    public async Task<bool> PurgeFreedSpaceWithoutRewriteAsync(CancellationToken cancellationToken)
    {
        await _checkpointGate.WaitAsync(cancellationToken);
        try
        {
            return await ReadAsync(async c => (await c.QueryFirstAsync<(long Busy, long Log, long Checkpointed)>("PRAGMA wal_checkpoint(TRUNCATE)")).Busy == 0);
        }
        finally
        {
            _checkpointGate.Release();
        }
    }

    // How long retention's TRUNCATE checkpoint waits for readers to leave an older snapshot. It runs with the writer paused, so
    // this bounds the commits' stall; a reader still there then makes it give up until the next round (busy), where the
    // erasure's purge waits the store's whole busy timeout.
    internal static readonly TimeSpan RetentionCheckpointReaderWait = TimeSpan.FromMilliseconds(250);

    /// <inheritdoc />
    public async Task<bool> PurgeAfterRetentionAsync(CancellationToken cancellationToken)
    {
        // secure_delete (every connection) has zeroed the cells and pages the redaction freed, in the pages the redaction wrote.
        // What is left outside the live rows: the WAL's frames of those pages as they were before (written by every step commit
        // of the journeys, kept in the file until overwritten, up to InlineCheckpointPages of them) and the database file's own
        // older page images until the next background checkpoint. A TRUNCATE checkpoint writes the redacted pages into the file
        // and empties the WAL. With the writer paused (no contention for the write lock) and a short wait for readers. Not a VACUUM
        // (a rewrite of the whole file while commits wait: bench `retention-purge`, docs/server.md "Retention").
        await _checkpointGate.WaitAsync(cancellationToken);
        try
        {
            return await ExclusiveAsync(async c =>
            {
                await c.ExecuteAsync($"PRAGMA busy_timeout = {(int)RetentionCheckpointReaderWait.TotalMilliseconds}");
                try
                {
                    return (await c.QueryFirstAsync<(long Busy, long Log, long Checkpointed)>("PRAGMA wal_checkpoint(TRUNCATE)")).Busy == 0;
                }
                finally
                {
                    await c.ExecuteAsync($"PRAGMA busy_timeout = {(int)_options.BusyTimeout.TotalMilliseconds}");
                }
            }, cancellationToken);
        }
        finally
        {
            _checkpointGate.Release();
        }
    }

    private static async Task<IReadOnlyList<RedactedInstance>> RedactAsync(SqliteConnection c, SqliteTransaction? tx, IReadOnlyList<string> ids, DateTimeOffset now,
        (JourneyValuesMask Mask, IPayloadProtector Protector)? maskReasons = null)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        SecureDelete(c, tx);
        var rows = (await c.QueryAsync<(string Id, string WorkflowId, string Status, string? CorrelationId, string HistoryJson, string? IdempotencyKey, string? Partner)>(
            "SELECT id, workflow_id, status, correlation_id, history_json, idempotency_key, partner FROM instances WHERE id IN @ids AND status IN @final",
            new { ids, final = Redaction.FinalStatuses }, tx)).ToList();
        if (maskReasons is { } reasonMask && rows.Count > 0)
        {
            await MaskReasonsAsync(c, tx, rows.Select(r => r.Id).ToList(), reasonMask.Mask, reasonMask.Protector);
        }

        var at = UnixMs.To(now);
        // A redaction is a change of the journey (a new revision at the redaction's time), so the live feed, which reads changes
        // by (updated_at, id), pushes it and an open Studio page reads the journey again without its data (walk 43).
        foreach (var row in rows)
        {
            await c.ExecuteAsync(
                "UPDATE instances SET input_json = @empty, outputs_json = @empty, variables_json = @empty, step_state_json = NULL, pending_stimulus_json = NULL, " +
                "idempotency_key = NULL, correlation_id = @correlation, history_json = @history, redacted_at = @at, ready_at = NULL, version = version + 1, updated_at = @at WHERE id = @id",
                new { empty = Redaction.EmptyObject, correlation = Redaction.Correlation(row.CorrelationId), history = Redaction.History(row.HistoryJson), at, id = row.Id }, tx);
        }

        foreach (var row in rows.Where(r => r.IdempotencyKey is not null))
        {
            await c.ExecuteAsync(IdempotencyTombstoneUpsertSql, new { hash = row.IdempotencyKey /* already its hash: IdempotencyKeys.Hash, migration 0034 */, partner = row.Partner, workflowId = row.WorkflowId, id = row.Id, at }, tx);
        }

        var redacted = rows.Select(r => r.Id).ToList();
        var p = new { ids = redacted, at, redactedKey = Redaction.RedactedKey };
        await c.ExecuteAsync("UPDATE journal SET data_json = NULL WHERE instance_id IN @ids AND data_json IS NOT NULL", p, tx);
        await c.ExecuteAsync("UPDATE journal_archive SET data_z = NULL WHERE instance_id IN @ids AND data_z IS NOT NULL", p, tx);
        await c.ExecuteAsync("UPDATE incidents SET message = 'redacted', details_json = NULL, resolved_at = COALESCE(resolved_at, @at), resolution = COALESCE(resolution, 'redacted') WHERE instance_id IN @ids", p, tx);
        await c.ExecuteAsync("DELETE FROM intents WHERE instance_id IN @ids", p, tx);
        await c.ExecuteAsync("DELETE FROM bookmarks WHERE instance_id IN @ids", p, tx);
        await c.ExecuteAsync("UPDATE webhook_inbox SET payload_json = NULL, key = @redactedKey, redacted_at = @at WHERE consumed_by IN @ids", p, tx);
        return rows.Select(r => new RedactedInstance(r.Id, r.WorkflowId, Enum.Parse<WorkflowStatus>(r.Status))).ToList();
    }

    // Retention (session 52): the reasons operators gave about these journeys, each journey's own values masked, before the
    // redaction clears the inputs they are read from. Only journeys with a reason are read and decrypted.
    private static async Task MaskReasonsAsync(SqliteConnection c, SqliteTransaction? tx, List<string> ids, JourneyValuesMask mask, IPayloadProtector protector)
    {
        var reasons = (await c.QueryAsync<(long Seq, string InstanceId, string Reason)>(JourneyReasonsSql, new { ids }, tx)).ToList();
        if (reasons.Count == 0)
        {
            return;
        }

        var journeys = await c.QueryAsync<(string Id, string Input, string? CorrelationId)>(
            "SELECT id, input_json, correlation_id FROM instances WHERE id IN @ids", new { ids = reasons.Select(r => r.InstanceId).Distinct().ToList() }, tx);
        foreach (var row in RedactionReasons.Masked(reasons, journeys, protector, mask))
        {
            await c.ExecuteAsync(AuditReasonUpdateSql, new { row.Seq, row.Reason }, tx);
        }
    }

    // Freed cells and pages are overwritten with zeros instead of lingering in the file. Every connection opens with it on
    // (SqliteConnectionPool, session 39): a redaction also zeroes what the journey's own commits freed while it ran. Kept here
    // so a redaction states what it relies on.
    private static void SecureDelete(SqliteConnection c, SqliteTransaction? tx)
    {
        using var command = c.CreateCommand();
        command.Transaction = tx;
        command.CommandText = "PRAGMA secure_delete = ON";
        command.ExecuteNonQuery();
    }
}
