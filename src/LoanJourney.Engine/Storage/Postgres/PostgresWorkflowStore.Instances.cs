using System.Data;
using Dapper;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Storage.Sqlite;

namespace LoanJourney.Engine.Storage.Postgres;

public sealed partial class PostgresWorkflowStore
{
    private const string InsertInstanceSql =
        "INSERT INTO instances (id, workflow_id, workflow_version, status, outcome, correlation_id, idempotency_key, input_json, variables_json, " +
        "outputs_json, history_json, current_step, attempt, step_state_json, pending_stimulus_json, cancel_requested, ready_at, version, " +
        "lease_owner, lease_token, lease_expires_at, created_at, updated_at, partner) VALUES (@Id, @WorkflowId, @WorkflowVersion, @Status, @Outcome, " +
        "@CorrelationId, @IdempotencyKey, @InputJson, @VariablesJson, @OutputsJson, @HistoryJson, @CurrentStepId, @Attempt, @StepStateJson, " +
        "@PendingStimulusJson, @CancelRequested, @ReadyAt, 1, NULL, 0, NULL, @CreatedAt, @UpdatedAt, @Partner) ON CONFLICT DO NOTHING";

    /// <inheritdoc />
    public Task<(InstanceRecord Instance, bool Created)> CreateInstanceAsync(InstanceRecord instance, JournalRecord started, CancellationToken cancellationToken) =>
        CreateInstanceAsync(instance, started, null, cancellationToken);

    /// <inheritdoc />
    public Task<(InstanceRecord Instance, bool Created)> CreateInstanceAsync(InstanceRecord instance, JournalRecord started, AuditEntry? audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(started);
        // The key only as its hash (IdempotencyKeys.Hash, migration 0034): a partner's key may be a borrower's e-mail or mobile.
        var keyHash = IdempotencyKeys.HashOrNull(instance.IdempotencyKey);
        return WriteAsync(async (c, tx) =>
        {
            // A concurrent start with the same key waits on the unique index, then finds the winner's committed row.
            var inserted = await c.ExecuteAsync(Command(InsertInstanceSql, new
            {
                instance.Id,
                instance.WorkflowId,
                WorkflowVersion = (long)instance.WorkflowVersion,
                Status = instance.Status.ToString(),
                instance.Outcome,
                instance.CorrelationId,
                IdempotencyKey = keyHash,
                InputJson = _options.PayloadProtector.Protect(instance.InputJson),
                instance.VariablesJson,
                OutputsJson = _options.PayloadProtector.Protect(instance.OutputsJson),
                instance.HistoryJson,
                instance.CurrentStepId,
                Attempt = (long)instance.Attempt,
                instance.StepStateJson,
                PendingStimulusJson = _options.PayloadProtector.ProtectOrNull(instance.PendingStimulusJson),
                CancelRequested = instance.CancelRequested ? 1L : 0L,
                ReadyAt = UnixMs.To(instance.ReadyAt),
                CreatedAt = UnixMs.To(instance.CreatedAt),
                UpdatedAt = UnixMs.To(instance.UpdatedAt),
                instance.Partner,
            }, tx, cancellationToken));
            if (inserted == 0)
            {
                var existing = await c.QueryFirstAsync<InstanceRow>(Command(
                    $"SELECT {InstanceRow.Columns} FROM instances WHERE idempotency_key = @IdempotencyKey", new { IdempotencyKey = keyHash }, tx, cancellationToken));
                return (existing.ToRecord(_options.PayloadProtector), false);
            }

            var notify = instance.ReadyAt is not null ? _notifySql : "";
            await c.ExecuteAsync(Command(JournalInsertSql + notify, JournalParameters([started]), tx, cancellationToken));
            if (audit is not null)
            {
                await c.ExecuteAsync(Command(SqliteWorkflowStore.InsertAuditSql, AuditParameters(audit), tx, cancellationToken));
            }

            // What was just inserted, from memory, as SQLite's store answers: no RETURNING of every column and no payloads decrypted
            // for a record its caller already has (round 48, docs/PERFORMANCE.md).
            return (InstanceRow.Inserted(instance, keyHash), true);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<InstanceRecord>> ClaimReadyAsync(string owner, DateTimeOffset now, DateTimeOffset leaseUntil, int max, CancellationToken cancellationToken) =>
        // Rows another node is claiming right now are skipped, not waited for; the lease token fences everything after.
        InstanceRow.Claimed(await ReadAsync(async c =>
        {
            var rows = await c.QueryAsync<InstanceRow>(Command(
                "UPDATE instances SET lease_owner = @owner, lease_token = lease_token + 1, lease_expires_at = @until " +
                "WHERE id IN (SELECT id FROM instances WHERE ready_at IS NOT NULL AND ready_at <= @now " +
                "AND (lease_owner IS NULL OR lease_expires_at <= @now) ORDER BY ready_at LIMIT @max FOR UPDATE SKIP LOCKED) " +
                $"RETURNING {InstanceRow.Columns}",
                new { owner, until = UnixMs.To(leaseUntil), now = UnixMs.To(now), max = (long)max }, null, cancellationToken));
            // The claim has committed (one statement); a row that cannot be decrypted is set aside, the others run.
            return InstanceRow.ReadClaimed(rows, _options.PayloadProtector);
        }, cancellationToken));

    /// <inheritdoc />
    public Task<InstanceRecord?> TryClaimAsync(string instanceId, string owner, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken) =>
        ReadAsync(async c => (await c.QueryFirstOrDefaultAsync<InstanceRow>(Command(
            "UPDATE instances SET lease_owner = @owner, lease_token = lease_token + 1, lease_expires_at = @until " +
            $"WHERE id = @instanceId AND (lease_owner IS NULL OR lease_expires_at <= @now) RETURNING {InstanceRow.Columns}",
            new { instanceId, owner, until = UnixMs.To(leaseUntil), now = UnixMs.To(now) }, null, cancellationToken)))?.ToRecord(_options.PayloadProtector), cancellationToken);

    /// <inheritdoc />
    public Task<DateTimeOffset?> GetNextReadyAtAsync(CancellationToken cancellationToken) =>
        // Leased rows become claimable when their lease expires; the partial index on ready_at keeps this a short scan.
        ReadAsync(async c => UnixMs.From(await c.ExecuteScalarAsync<long?>(Command(
            "SELECT MIN(CASE WHEN lease_owner IS NULL THEN ready_at ELSE GREATEST(ready_at, COALESCE(lease_expires_at, ready_at)) END) " +
            "FROM (SELECT ready_at, lease_owner, lease_expires_at FROM instances WHERE ready_at IS NOT NULL ORDER BY ready_at LIMIT 256) t",
            null, null, cancellationToken))), cancellationToken);

    /// <inheritdoc />
    public Task<bool> RenewLeaseAsync(string instanceId, LeaseFence fence, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fence);
        return ReadAsync(async c => await c.ExecuteAsync(Command(
            "UPDATE instances SET lease_expires_at = @until WHERE id = @instanceId AND lease_owner = @Owner AND lease_token = @Token",
            new { instanceId, fence.Owner, fence.Token, until = UnixMs.To(leaseUntil) }, null, cancellationToken)) == 1, cancellationToken);
    }

    /// <inheritdoc />
    public Task ReleaseLeaseAsync(string instanceId, LeaseFence fence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fence);
        // The statements of one command run as one implicit transaction: the NOTIFY goes out only if the release commits.
        return ReadAsync(c => c.ExecuteAsync(Command(
            "UPDATE instances SET lease_owner = NULL, lease_expires_at = NULL WHERE id = @instanceId AND lease_owner = @Owner AND lease_token = @Token;" +
            _notifySql,
            new { instanceId, fence.Owner, fence.Token }, null, cancellationToken)), cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Every lease of <paramref name="owner"/>, in two statements so each reads an index (0042): the rows not Running through
    /// <c>ix_instances_lease_owner_idle</c>, which holds only those, then the Running ones through <c>ix_instances_status</c>.
    /// In that order, a row another writer moves meanwhile (a cancel makes a row Running, nothing else changes a leased row's
    /// status but its holder) is met by the second. Npgsql answers the rows of both statements together.
    /// </remarks>
    public Task<int> ReleaseLeasesOwnedByAsync(string owner, CancellationToken cancellationToken) =>
        ReadAsync(c => c.ExecuteAsync(Command(ReleaseLeasesOwnedBySql, new { owner }, null, cancellationToken)), cancellationToken);

    internal const string ReleaseLeasesOwnedBySql =
        "UPDATE instances SET lease_owner = NULL, lease_expires_at = NULL WHERE lease_owner = @owner AND status <> 'Running';" +
        "UPDATE instances SET lease_owner = NULL, lease_expires_at = NULL WHERE lease_owner = @owner AND status = 'Running';";

    /// <inheritdoc />
    public Task<InstanceRecord?> GetInstanceAsync(string instanceId, CancellationToken cancellationToken) =>
        ReadAsync(async c => (await c.QueryFirstOrDefaultAsync<InstanceRow>(Command(
            $"SELECT {InstanceRow.Columns} FROM instances WHERE id = @instanceId", new { instanceId }, null, cancellationToken)))?.ToRecord(_options.PayloadProtector), cancellationToken);

    /// <inheritdoc />
    public Task<InstanceMark?> GetInstanceMarkAsync(string instanceId, CancellationToken cancellationToken) =>
        ReadAsync(async c => (await c.QueryAsync<(long Version, long CancelRequested, string? LeaseOwner, long LeaseToken)>(Command(
                SqliteWorkflowStore.InstanceMarkSql, new { instanceId }, null, cancellationToken)))
            .Select(m => new InstanceMark(m.Version, m.CancelRequested != 0, m.LeaseOwner, m.LeaseToken)).FirstOrDefault(), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> GetNewestProtectedInstanceIdsAsync(int max, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<string>>(async c => (await c.QueryAsync<string>(Command(
            "SELECT id FROM (SELECT id, input_json, created_at FROM instances ORDER BY created_at DESC, id DESC LIMIT @window) newest " +
            "WHERE left(input_json, @length) = @prefix ORDER BY created_at DESC, id DESC LIMIT @max",
            new { window = (long)PayloadProtection.KeyCheckWindow, length = PayloadProtection.Prefix.Length, prefix = PayloadProtection.Prefix, max = (long)max },
            null, cancellationToken))).ToList(), cancellationToken);

    /// <inheritdoc />
    public Task<PagedResult<WorkflowInstanceSummary>> QueryInstancesAsync(InstanceQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (where, parameters) = InstanceFilterSql.Build(query, includeStatus: true, Dialect);
        parameters.Add("Skip", (long)Math.Max(0, query.Skip));
        parameters.Add("Take", (long)Math.Clamp(query.Take, 1, 500));
        return ReadAsync(async c =>
        {
            using var results = await c.QueryMultipleAsync(Command(
                $"SELECT COUNT(*) FROM instances i {where}; " +
                $"SELECT {SummaryColumns} FROM instances i {where} ORDER BY i.created_at DESC, i.id DESC LIMIT @Take OFFSET @Skip", parameters, null, cancellationToken));
            var total = await results.ReadSingleAsync<long>();
            var rows = await results.ReadAsync<SummaryRow>();
            return new PagedResult<WorkflowInstanceSummary>(rows.Select(r => r.ToSummary()).ToList(), total);
        }, cancellationToken);
    }

    // One statement for any number of entries: the parallel arrays are unnested in order.
    private const string JournalInsertSql =
        "INSERT INTO journal (instance_id, at, kind, step_id, attempt, data_json) " +
        "SELECT * FROM unnest(@JInstance::text[], @JAt::bigint[], @JKind::text[], @JStep::text[], @JAttempt::bigint[], @JData::text[]);";

    private static DynamicParameters JournalParameters(IReadOnlyList<JournalRecord> entries, DynamicParameters? into = null)
    {
        var parameters = into ?? new DynamicParameters();
        parameters.Add("JInstance", entries.Select(e => e.InstanceId).ToArray());
        parameters.Add("JAt", entries.Select(e => UnixMs.To(e.At)).ToArray());
        parameters.Add("JKind", entries.Select(e => e.Kind).ToArray());
        parameters.Add("JStep", entries.Select(e => e.StepId).ToArray());
        parameters.Add("JAttempt", entries.Select(e => (long?)e.Attempt).ToArray());
        parameters.Add("JData", entries.Select(e => e.DataJson).ToArray());
        return parameters;
    }

    private static CommandDefinition Command(string sql, object? parameters, IDbTransaction? transaction, CancellationToken cancellationToken) =>
        new(sql, parameters, transaction, cancellationToken: cancellationToken);
}
