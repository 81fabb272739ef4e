using System.Data;
using Dapper;
using LoanJourney.Engine.Model;

namespace LoanJourney.Engine.Storage.Sqlite;

public sealed partial class SqliteWorkflowStore
{
    private const string InsertInstanceSql =
        "INSERT INTO instances (id, workflow_id, workflow_version, status, outcome, correlation_id, idempotency_key, input_json, variables_json, " +
        "outputs_json, history_json, current_step, attempt, step_state_json, pending_stimulus_json, cancel_requested, ready_at, version, " +
        "lease_owner, lease_token, lease_expires_at, created_at, updated_at) VALUES (@Id, @WorkflowId, @WorkflowVersion, @Status, @Outcome, " +
        "@CorrelationId, @IdempotencyKey, @InputJson, @VariablesJson, @OutputsJson, @HistoryJson, @CurrentStepId, @Attempt, @StepStateJson, " +
        "@PendingStimulusJson, @CancelRequested, @ReadyAt, 1, NULL, 0, NULL, @CreatedAt, @UpdatedAt) ON CONFLICT DO NOTHING";

    /// <inheritdoc />
    public Task<(InstanceRecord Instance, bool Created)> CreateInstanceAsync(InstanceRecord instance, JournalRecord started, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return WriteAsync(async (c, tx) =>
        {
            var inserted = await c.ExecuteAsync(InsertInstanceSql, new
            {
                instance.Id,
                instance.WorkflowId,
                instance.WorkflowVersion,
                Status = instance.Status.ToString(),
                instance.Outcome,
                instance.CorrelationId,
                instance.IdempotencyKey,
                InputJson = _options.PayloadProtector.Protect(instance.InputJson),
                instance.VariablesJson,
                OutputsJson = _options.PayloadProtector.Protect(instance.OutputsJson),
                instance.HistoryJson,
                instance.CurrentStepId,
                instance.Attempt,
                instance.StepStateJson,
                PendingStimulusJson = _options.PayloadProtector.ProtectOrNull(instance.PendingStimulusJson),
                CancelRequested = instance.CancelRequested ? 1 : 0,
                ReadyAt = UnixMs.To(instance.ReadyAt),
                CreatedAt = UnixMs.To(instance.CreatedAt),
                UpdatedAt = UnixMs.To(instance.UpdatedAt),
            }, tx);
            if (inserted == 0)
            {
                var existing = await c.QueryFirstAsync<InstanceRow>(
                    $"SELECT {InstanceRow.Columns} FROM instances WHERE idempotency_key = @IdempotencyKey", new { instance.IdempotencyKey }, tx);
                return (existing.ToRecord(_options.PayloadProtector), false);
            }

            await InsertJournalAsync(c, tx, [started]);
            var row = await c.QueryFirstAsync<InstanceRow>($"SELECT {InstanceRow.Columns} FROM instances WHERE id = @Id", new { instance.Id }, tx);
            return (row.ToRecord(_options.PayloadProtector), true);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<InstanceRecord>> ClaimReadyAsync(string owner, DateTimeOffset now, DateTimeOffset leaseUntil, int max, CancellationToken cancellationToken) =>
        WriteAsync<IReadOnlyList<InstanceRecord>>(async (c, tx) =>
        {
            var rows = await c.QueryAsync<InstanceRow>(
                "UPDATE instances SET lease_owner = @owner, lease_token = lease_token + 1, lease_expires_at = @until " +
                "WHERE id IN (SELECT id FROM instances WHERE ready_at IS NOT NULL AND ready_at <= @now " +
                "AND (lease_owner IS NULL OR lease_expires_at <= @now) ORDER BY ready_at LIMIT @max) " +
                $"RETURNING {InstanceRow.Columns}",
                new { owner, until = UnixMs.To(leaseUntil), now = UnixMs.To(now), max }, tx);
            return rows.Select(r => r.ToRecord(_options.PayloadProtector)).OrderBy(r => r.ReadyAt).ToList();
        }, cancellationToken);

    /// <inheritdoc />
    public Task<InstanceRecord?> TryClaimAsync(string instanceId, string owner, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken) =>
        WriteAsync(async (c, tx) =>
        {
            var row = await c.QueryFirstOrDefaultAsync<InstanceRow>(
                "UPDATE instances SET lease_owner = @owner, lease_token = lease_token + 1, lease_expires_at = @until " +
                $"WHERE id = @instanceId AND (lease_owner IS NULL OR lease_expires_at <= @now) RETURNING {InstanceRow.Columns}",
                new { instanceId, owner, until = UnixMs.To(leaseUntil), now = UnixMs.To(now) }, tx);
            return row?.ToRecord(_options.PayloadProtector);
        }, cancellationToken);

    /// <inheritdoc />
    public Task<DateTimeOffset?> GetNextReadyAtAsync(CancellationToken cancellationToken) =>
        ReadAsync(async c =>
        {
            // Leased rows become claimable when their lease expires; the index on ready_at keeps this a short scan.
            var rows = await c.QueryAsync<(long ReadyAt, string? Owner, long? Expires)>(
                "SELECT ready_at, lease_owner, lease_expires_at FROM instances WHERE ready_at IS NOT NULL ORDER BY ready_at LIMIT 256");
            long? next = null;
            foreach (var (readyAt, owner, expires) in rows)
            {
                var due = owner is null ? readyAt : Math.Max(readyAt, expires ?? readyAt);
                next = next is null ? due : Math.Min(next.Value, due);
            }

            return UnixMs.From(next);
        });

    /// <inheritdoc />
    public Task<bool> RenewLeaseAsync(string instanceId, LeaseFence fence, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fence);
        return WriteAsync(async (c, tx) => await c.ExecuteAsync(
            "UPDATE instances SET lease_expires_at = @until WHERE id = @instanceId AND lease_owner = @Owner AND lease_token = @Token",
            new { instanceId, fence.Owner, fence.Token, until = UnixMs.To(leaseUntil) }, tx) == 1, cancellationToken);
    }

    /// <inheritdoc />
    public Task ReleaseLeaseAsync(string instanceId, LeaseFence fence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fence);
        return WriteAsync((c, tx) => c.ExecuteAsync(
            "UPDATE instances SET lease_owner = NULL, lease_expires_at = NULL WHERE id = @instanceId AND lease_owner = @Owner AND lease_token = @Token",
            new { instanceId, fence.Owner, fence.Token }, tx), cancellationToken);
    }

    /// <inheritdoc />
    public Task<int> ReleaseLeasesOwnedByAsync(string owner, CancellationToken cancellationToken) =>
        WriteAsync((c, tx) => c.ExecuteAsync(
            "UPDATE instances SET lease_owner = NULL, lease_expires_at = NULL WHERE lease_owner = @owner", new { owner }, tx), cancellationToken);

    /// <inheritdoc />
    public Task<InstanceRecord?> GetInstanceAsync(string instanceId, CancellationToken cancellationToken) =>
        ReadAsync(async c => (await c.QueryFirstOrDefaultAsync<InstanceRow>(
            $"SELECT {InstanceRow.Columns} FROM instances WHERE id = @instanceId", new { instanceId }))?.ToRecord(_options.PayloadProtector));

    /// <inheritdoc />
    public Task<PagedResult<InstanceRecord>> QueryInstancesAsync(InstanceQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (where, parameters) = InstanceFilterSql.Build(query, includeStatus: true, Dialect);
        parameters.Add("Skip", Math.Max(0, query.Skip));
        parameters.Add("Take", Math.Clamp(query.Take, 1, 500));
        return ReadAsync(async c =>
        {
            var total = await c.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM instances i {where}", parameters);
            var rows = await c.QueryAsync<InstanceRow>(
                $"SELECT {InstanceRow.Columns} FROM instances i {where} ORDER BY i.created_at DESC, i.id DESC LIMIT @Take OFFSET @Skip", parameters);
            return new PagedResult<InstanceRecord>(rows.Select(r => r.ToRecord(_options.PayloadProtector)).ToList(), total);
        });
    }

    private static Task<int> InsertJournalAsync(IDbConnection c, IDbTransaction tx, IEnumerable<JournalRecord> entries) =>
        c.ExecuteAsync(
            "INSERT INTO journal (instance_id, at, kind, step_id, attempt, data_json) VALUES (@InstanceId, @At, @Kind, @StepId, @Attempt, @DataJson)",
            entries.Select(e => new { e.InstanceId, At = UnixMs.To(e.At), e.Kind, e.StepId, e.Attempt, e.DataJson }), tx);
}
