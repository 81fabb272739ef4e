using System.Data;
using System.Diagnostics;
using Dapper;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Storage.Sqlite;
using Npgsql;

namespace LoanJourney.Engine.Storage.Postgres;

public sealed partial class PostgresWorkflowStore
{
    // Retention runs on one node at a time: each batch takes this transaction-level advisory lock or skips (another node is at it).
    private const long RetentionLockKey = 0x4C4A_5245_5445_4E54; // "LJRETENT"

    /// <inheritdoc />
    public Task AppendAuditAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return WriteAsync(async (c, tx) => await c.ExecuteAsync(Command(SqliteWorkflowStore.InsertAuditSql, AuditParameters(entry), tx, cancellationToken)), cancellationToken);
    }

    private static object AuditParameters(AuditEntry entry) =>
        new { At = UnixMs.To(entry.At), entry.Principal, entry.Action, entry.WorkflowId, entry.InstanceId, entry.Reason, entry.DataJson, entry.ClientAddress, entry.AuthMethod, entry.AuthId, entry.UserAgent };

    /// <inheritdoc />
    public Task<PagedResult<AuditEntry>> QueryAuditAsync(AuditQuery query, CancellationToken cancellationToken) =>
        ReadAsync(async c =>
        {
            var (where, parameters) = AuditSql.Filter(query);
            var total = query.CountTotal ? await c.ExecuteScalarAsync<long>(Command($"SELECT COUNT(*) FROM audit_log {where}", parameters, null, cancellationToken)) : -1;
            var rows = await c.QueryAsync<(long Seq, long At, string Principal, string Action, string? WorkflowId, string? InstanceId, string? Reason, string? DataJson, string? ClientAddress, string? AuthMethod, string? AuthId, string? UserAgent)>(Command(
                $"SELECT seq, at, principal, action, workflow_id, instance_id, reason, data_json, client_address, auth_method, auth_id, user_agent FROM audit_log {AuditSql.Page(where, query, parameters)} ORDER BY seq DESC LIMIT @Take OFFSET @Skip",
                parameters, null, cancellationToken));
            return new PagedResult<AuditEntry>(rows.Select(r => new AuditEntry(r.Seq, UnixMs.From(r.At), r.Principal, r.Action, r.WorkflowId, r.InstanceId, r.Reason, r.DataJson)
            {
                ClientAddress = r.ClientAddress, AuthMethod = r.AuthMethod, AuthId = r.AuthId, UserAgent = r.UserAgent,
            }).ToList(), total);
        }, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<RedactedInstance>?> RedactExpiredAsync(WorkflowStatus status, DateTimeOffset finishedBefore, int limit, DateTimeOffset now, JourneyValuesMask? maskReasons, CancellationToken cancellationToken) =>
        WriteAsync<IReadOnlyList<RedactedInstance>?>(async (c, tx) =>
        {
            if (!await TryRetentionLockAsync(c, tx, cancellationToken))
            {
                return null;
            }

            // SKIP LOCKED: a journey another transaction holds right now is left for the next batch, never waited for.
            var ids = (await c.QueryAsync<string>(Command(
                SqliteWorkflowStore.RetentionSelectSql + " FOR UPDATE SKIP LOCKED",
                new { status = status.ToString(), before = UnixMs.To(finishedBefore), limit }, tx, cancellationToken))).ToArray();
            return await RedactAsync(c, tx, ids, now, cancellationToken, maskReasons is null ? null : (maskReasons, _options.PayloadProtector));
        }, cancellationToken);

    /// <inheritdoc />
    public Task<int?> RedactInboxAsync(DateTimeOffset before, int limit, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync<int?>(async (c, tx) =>
        {
            if (!await TryRetentionLockAsync(c, tx, cancellationToken))
            {
                return null;
            }

            // SKIP LOCKED: a buffered record a step is consuming right now is that step's, never waited for here.
            var p = new { redacted = Redaction.RedactedKey, expired = Redaction.ExpiredConsumer, now = UnixMs.To(now), before = UnixMs.To(before), limit };
            var consumed = await c.ExecuteAsync(Command(
                SqliteWorkflowStore.ExpiredInboxConsumedSql + " FOR UPDATE SKIP LOCKED)", p, tx, cancellationToken));
            return consumed + await c.ExecuteAsync(Command(
                SqliteWorkflowStore.ExpiredInboxBufferedSql + " FOR UPDATE SKIP LOCKED)", p, tx, cancellationToken));
        }, cancellationToken);

    /// <inheritdoc />
    public Task<IdempotencyTombstone?> FindIdempotencyTombstoneAsync(string keyHash, CancellationToken cancellationToken) =>
        ReadAsync(async c => SqliteWorkflowStore.Tombstone(await c.QueryFirstOrDefaultAsync<(string KeyHash, string? Partner, string WorkflowId, string InstanceId, long PurgedAt)>(Command(
            SqliteWorkflowStore.IdempotencyTombstoneSelectSql, new { keyHash }, null, cancellationToken))), cancellationToken);

    /// <inheritdoc />
    public Task<int?> ExpireIdempotencyTombstonesAsync(DateTimeOffset purgedBefore, int limit, CancellationToken cancellationToken) =>
        WriteAsync<int?>(async (c, tx) =>
        {
            if (!await TryRetentionLockAsync(c, tx, cancellationToken))
            {
                return null;
            }

            return await c.ExecuteAsync(Command(SqliteWorkflowStore.ExpiredIdempotencyTombstonesSql + " FOR UPDATE SKIP LOCKED)",
                new { before = UnixMs.To(purgedBefore), limit }, tx, cancellationToken));
        }, cancellationToken);

    /// <inheritdoc />
    public Task<AuditExpiry?> ExpireAuditAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken) =>
        WriteAsync<AuditExpiry?>(async (c, tx) =>
        {
            if (!await TryRetentionLockAsync(c, tx, cancellationToken))
            {
                return null;
            }

            var removed = (await c.QueryAsync<long>(Command(
                SqliteWorkflowStore.ExpiredAuditSql + " FOR UPDATE SKIP LOCKED" + SqliteWorkflowStore.ExpiredAuditReturningSql,
                new { before = UnixMs.To(before), limit }, tx, cancellationToken))).ToList();
            return AuditExpiry.Of(removed);
        }, cancellationToken);

    /// <inheritdoc />
    public Task<int> MaskAuditReasonsAsync(IReadOnlyList<string> instanceIds, Func<string, string> mask, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instanceIds);
        ArgumentNullException.ThrowIfNull(mask);
        return instanceIds.Count == 0 ? Task.FromResult(0) : WriteAsync(async (c, tx) =>
        {
            var rows = await c.QueryAsync<(long Seq, string Reason)>(Command(
                "SELECT seq, reason FROM audit_log WHERE instance_id = ANY(@ids) AND reason IS NOT NULL FOR UPDATE", new { ids = instanceIds.ToArray() }, tx, cancellationToken));
            var changed = SqliteWorkflowStore.Remasked(rows, mask);
            foreach (var row in changed)
            {
                await c.ExecuteAsync(Command(SqliteWorkflowStore.AuditReasonUpdateSql, new { row.Seq, row.Reason }, tx, cancellationToken));
            }

            return changed.Count;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<BorrowerJourney>> FindByCorrelationAsync(IReadOnlyList<string> correlationIds, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<BorrowerJourney>>(async c => (await c.QueryAsync<(string Id, string WorkflowId, string Status, long? RedactedAt)>(Command(
                "SELECT id, workflow_id, status, redacted_at FROM instances WHERE correlation_id = ANY(@ids) ORDER BY created_at",
                new { ids = correlationIds.ToArray() }, null, cancellationToken)))
            .Select(r => new BorrowerJourney(r.Id, r.WorkflowId, Enum.Parse<WorkflowStatus>(r.Status), r.RedactedAt is not null)).ToList(), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<RedactedInstance>> RedactInstancesAsync(IReadOnlyList<string> instanceIds, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync((c, tx) => RedactAsync(c, tx, instanceIds.ToArray(), now, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public Task<int> RedactInboxByKeyAsync(IReadOnlyList<string> keyPrefixes, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync(async (c, tx) =>
        {
            var count = 0;
            foreach (var prefix in keyPrefixes)
            {
                count += await c.ExecuteAsync(Command(
                    "UPDATE webhook_inbox SET payload_json = NULL, key = @redacted, redacted_at = @now, consumed_by = COALESCE(consumed_by, @erased), consumed_at = COALESCE(consumed_at, @now) " +
                    "WHERE left(key, length(@prefix)) = @prefix",
                    new { redacted = Redaction.RedactedKey, erased = Redaction.ErasedConsumer, now = UnixMs.To(now), prefix }, tx, cancellationToken));
            }

            return count;
        }, cancellationToken);

    // Every table a redaction, an inbox redaction or a reason mask rewrites (RedactAsync, RedactInboxByKeyAsync,
    // MaskAuditReasonsAsync). journal_archive was missing until session 52: a packed journey's old row version, its journal
    // with the lender calls, stayed in the table's pages until autovacuum came by.
    private static readonly string[] RedactedTables = ["instances", "journal", "journal_archive", "incidents", "webhook_inbox", "intents", "bookmarks", "audit_log"];

    /// <inheritdoc />
    public async Task<FreedSpacePurge> PurgeFreedSpaceAsync(CancellationToken cancellationToken)
    {
        // VACUUM cannot run in a transaction; it makes the dead row versions' space reusable (not zeroed: see docs/server.md).
        // It runs after the redaction committed, so a failure is an answer (false, with why), never an error that would lose
        // the erasure's answer and its audit entries (session 50: a VACUUM that waited behind another connection's lock until
        // the command timeout, or hit a full disk, turned a committed erasure into a 503/500). Bounded: it waits at most
        // PurgeLockTimeout for each table's lock and runs at most PurgeTimeout in all (PostgreSQL's lock_timeout and
        // statement_timeout), so an erasure request is never held for minutes. Those are session settings: the VACUUM runs on
        // a connection of its own, closed after it, and never on a pooled one (the pool is not reset: DataSourceConnectionString).
        // Not the caller's token: the redaction is committed, a request ended now must not skip its purge (as on SQLite).
        //
        // Resumable (session 53): one VACUUM per table, the tables vacuumed longest ago first (pg_stat_user_tables: last_vacuum or
        // last_autovacuum; never vacuumed first), each with what is left of PurgeTimeout. Before, one `VACUUM instances, journal, …`
        // statement was cancelled as a whole at the cap, and an erasure repeated started again with `instances`, so on a database
        // where the first tables took the whole 30 s the later ones (the journal among them) were never reached. Now a purge cut short
        // names the tables it did not vacuum (Unpurged, the answer's purgeUnfinished), and the next one starts with them.
        var remaining = (IReadOnlyList<string>)RedactedTables;
        try
        {
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_options.ConnectionString)
            {
                Pooling = false,
                // PostgreSQL's statement_timeout ends the VACUUM first (57014, busy); this only covers a server that stops answering.
                CommandTimeout = (int)Math.Ceiling((_options.PurgeTimeout + TimeSpan.FromSeconds(10)).TotalSeconds),
            }.ConnectionString);
            var started = Stopwatch.GetTimestamp();
            await connection.OpenAsync(CancellationToken.None);
            await connection.ExecuteAsync(Command(
                $"SET lock_timeout = {Milliseconds(_options.PurgeLockTimeout)}", null, null, CancellationToken.None));
            remaining = (await connection.QueryAsync<string>(Command(
                "SELECT r.t FROM unnest(@tables::text[]) WITH ORDINALITY AS r(t, n) " +
                "LEFT JOIN pg_stat_user_tables s ON s.relname = r.t AND s.schemaname = current_schema() " +
                "ORDER BY GREATEST(s.last_vacuum, s.last_autovacuum) NULLS FIRST, r.n",
                new { tables = RedactedTables }, null, CancellationToken.None))).ToList();
            for (var i = 0; i < remaining.Count; i++)
            {
                var left = _options.PurgeTimeout - Stopwatch.GetElapsedTime(started);
                if (left <= TimeSpan.Zero)
                {
                    return FreedSpacePurge.Failed(FreedSpacePurge.Busy) with { Unpurged = remaining.Skip(i).ToList() };
                }

                try
                {
                    await connection.ExecuteAsync(Command($"SET statement_timeout = {Milliseconds(left)}", null, null, CancellationToken.None));
                    await connection.ExecuteAsync(Command($"VACUUM {remaining[i]}", null, null, CancellationToken.None));
                }
                catch (NpgsqlException e)
                {
                    return FreedSpacePurge.Failed(PurgeFailureOf(e)) with { Unpurged = remaining.Skip(i).ToList() };
                }
            }

            return FreedSpacePurge.Done;
        }
        catch (NpgsqlException e)
        {
            return FreedSpacePurge.Failed(PurgeFailureOf(e)) with { Unpurged = remaining };
        }
    }

    /// <summary>
    /// Why a VACUUM failed, as <see cref="FreedSpacePurge"/>'s stable code: <c>53100</c> disk_full is <c>diskFull</c>; <c>55P03</c>
    /// lock_not_available (the lock_timeout, another connection held a table) and <c>57014</c> query_canceled (the
    /// statement_timeout), or the client's own timeout, are <c>busy</c>; anything else is <c>storeError</c>.
    /// </summary>
    internal static string PurgeFailureOf(NpgsqlException exception) => exception switch
    {
        PostgresException { SqlState: PostgresErrorCodes.DiskFull } => FreedSpacePurge.DiskFull,
        PostgresException { SqlState: PostgresErrorCodes.LockNotAvailable or PostgresErrorCodes.QueryCanceled } => FreedSpacePurge.Busy,
        PostgresException => FreedSpacePurge.StoreError,
        { InnerException: TimeoutException } => FreedSpacePurge.Busy,
        _ => FreedSpacePurge.StoreError,
    };

    private static long Milliseconds(TimeSpan value) => Math.Max(1, (long)Math.Ceiling(value.TotalMilliseconds));

    private static async Task<bool> TryRetentionLockAsync(NpgsqlConnection c, IDbTransaction tx, CancellationToken cancellationToken) =>
        await c.ExecuteScalarAsync<bool>(Command("SELECT pg_try_advisory_xact_lock(@RetentionLockKey)", new { RetentionLockKey }, tx, cancellationToken));

    private static async Task<IReadOnlyList<RedactedInstance>> RedactAsync(NpgsqlConnection c, IDbTransaction tx, string[] ids, DateTimeOffset now, CancellationToken cancellationToken,
        (JourneyValuesMask Mask, IPayloadProtector Protector)? maskReasons = null)
    {
        if (ids.Length == 0)
        {
            return [];
        }

        var rows = (await c.QueryAsync<(string Id, string WorkflowId, string Status, string? CorrelationId, string HistoryJson, string? IdempotencyKey, string? Partner)>(Command(
            "SELECT id, workflow_id, status, correlation_id, history_json, idempotency_key, partner FROM instances WHERE id = ANY(@ids) AND status = ANY(@final) FOR UPDATE",
            new { ids, final = Redaction.FinalStatuses }, tx, cancellationToken))).ToList();
        if (rows.Count == 0)
        {
            return [];
        }

        if (maskReasons is { } reasonMask)
        {
            await MaskReasonsAsync(c, tx, rows.Select(r => r.Id).ToArray(), reasonMask.Mask, reasonMask.Protector, cancellationToken);
        }

        // A new revision at the redaction's time: the live feed pushes it (SqliteWorkflowStore.RedactAsync, walk 43).
        var at = UnixMs.To(now);
        foreach (var row in rows.Where(r => r.IdempotencyKey is not null))
        {
            await c.ExecuteAsync(Command(SqliteWorkflowStore.IdempotencyTombstoneUpsertSql,
                new { hash = row.IdempotencyKey /* already its hash: IdempotencyKeys.Hash, migration 0034 */, partner = row.Partner, workflowId = row.WorkflowId, id = row.Id, at }, tx, cancellationToken));
        }

        var redacted = rows.Select(r => r.Id).ToArray();
        await c.ExecuteAsync(Command(
            "UPDATE instances i SET input_json = @empty, outputs_json = @empty, variables_json = @empty, step_state_json = NULL, pending_stimulus_json = NULL, " +
            "idempotency_key = NULL, correlation_id = r.correlation, history_json = r.history, redacted_at = @at, ready_at = NULL, version = i.version + 1, updated_at = @at " +
            "FROM unnest(@ids::text[], @correlations::text[], @histories::text[]) AS r(id, correlation, history) WHERE i.id = r.id;" +
            "UPDATE journal SET data_json = NULL WHERE instance_id = ANY(@ids) AND data_json IS NOT NULL;" +
            "UPDATE journal_archive SET data_z = NULL WHERE instance_id = ANY(@ids) AND data_z IS NOT NULL;" +
            "UPDATE incidents SET message = 'redacted', details_json = NULL, resolved_at = COALESCE(resolved_at, @at), resolution = COALESCE(resolution, 'redacted') WHERE instance_id = ANY(@ids);" +
            "DELETE FROM intents WHERE instance_id = ANY(@ids);" +
            "DELETE FROM bookmarks WHERE instance_id = ANY(@ids);" +
            "UPDATE webhook_inbox SET payload_json = NULL, key = @redactedKey, redacted_at = @at WHERE consumed_by = ANY(@ids);",
            new
            {
                empty = Redaction.EmptyObject,
                at,
                ids = redacted,
                correlations = rows.Select(r => Redaction.Correlation(r.CorrelationId)).ToArray(),
                histories = rows.Select(r => Redaction.History(r.HistoryJson)).ToArray(),
                redactedKey = Redaction.RedactedKey,
            }, tx, cancellationToken));
        return rows.Select(r => new RedactedInstance(r.Id, r.WorkflowId, Enum.Parse<WorkflowStatus>(r.Status))).ToList();
    }

    // Retention (session 52): as SqliteWorkflowStore.MaskReasonsAsync, before the redaction clears the inputs (the rows are locked FOR UPDATE).
    private static async Task MaskReasonsAsync(NpgsqlConnection c, IDbTransaction tx, string[] ids, JourneyValuesMask mask, IPayloadProtector protector, CancellationToken cancellationToken)
    {
        var reasons = (await c.QueryAsync<(long Seq, string InstanceId, string Reason)>(Command(
            "SELECT seq, instance_id, reason FROM audit_log WHERE instance_id = ANY(@ids) AND reason IS NOT NULL", new { ids }, tx, cancellationToken))).ToList();
        if (reasons.Count == 0)
        {
            return;
        }

        var journeys = await c.QueryAsync<(string Id, string Input, string? CorrelationId)>(Command(
            "SELECT id, input_json, correlation_id FROM instances WHERE id = ANY(@ids)", new { ids = reasons.Select(r => r.InstanceId).Distinct().ToArray() }, tx, cancellationToken));
        foreach (var row in RedactionReasons.Masked(reasons, journeys, protector, mask))
        {
            await c.ExecuteAsync(Command(SqliteWorkflowStore.AuditReasonUpdateSql, new { row.Seq, row.Reason }, tx, cancellationToken));
        }
    }
}
