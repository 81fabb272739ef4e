using Dapper;
using LoanJourney.Engine.Model;
using Microsoft.Data.Sqlite;

namespace LoanJourney.Engine.Storage.Sqlite;

public sealed partial class SqliteWorkflowStore
{
    private const string InsertInstanceSql =
        "INSERT INTO instances (id, workflow_id, workflow_version, status, outcome, correlation_id, idempotency_key, input_json, variables_json, " +
        "outputs_json, history_json, current_step, attempt, step_state_json, pending_stimulus_json, cancel_requested, ready_at, version, " +
        "lease_owner, lease_token, lease_expires_at, created_at, updated_at, partner) VALUES (@Id, @WorkflowId, @WorkflowVersion, @Status, @Outcome, " +
        "@CorrelationId, @IdempotencyKey, @InputJson, @VariablesJson, @OutputsJson, @HistoryJson, @CurrentStepId, @Attempt, @StepStateJson, " +
        "@PendingStimulusJson, @CancelRequested, @ReadyAt, 1, NULL, 0, NULL, @CreatedAt, @UpdatedAt, @Partner) ON CONFLICT DO NOTHING";

    private static readonly SqlStatement InsertInstance = new(InsertInstanceSql,
        "@Id", "@WorkflowId", "@WorkflowVersion", "@Status", "@Outcome", "@CorrelationId", "@IdempotencyKey", "@InputJson", "@VariablesJson",
        "@OutputsJson", "@HistoryJson", "@CurrentStepId", "@Attempt", "@StepStateJson", "@PendingStimulusJson", "@CancelRequested", "@ReadyAt",
        "@CreatedAt", "@UpdatedAt", "@Partner");

    private static readonly SqlStatement SelectInstanceById = new($"SELECT {InstanceRow.Columns} FROM instances WHERE id = @Id", "@Id");

    private static readonly SqlStatement SelectInstanceByIdempotencyKey = new(
        $"SELECT {InstanceRow.Columns} FROM instances WHERE idempotency_key = @IdempotencyKey", "@IdempotencyKey");

    private static readonly SqlStatement ClaimReady = new(
        "UPDATE instances SET lease_owner = @owner, lease_token = lease_token + 1, lease_expires_at = @until " +
        "WHERE id IN (SELECT id FROM instances WHERE ready_at IS NOT NULL AND ready_at <= @now " +
        "AND (lease_owner IS NULL OR lease_expires_at <= @now) ORDER BY ready_at LIMIT @max) " +
        $"RETURNING {InstanceRow.Columns}",
        "@owner", "@until", "@now", "@max");

    private static readonly SqlStatement TryClaim = new(
        "UPDATE instances SET lease_owner = @owner, lease_token = lease_token + 1, lease_expires_at = @until " +
        $"WHERE id = @instanceId AND (lease_owner IS NULL OR lease_expires_at <= @now) RETURNING {InstanceRow.Columns}",
        "@instanceId", "@owner", "@until", "@now");

    private static readonly SqlStatement SelectNextReady = new(
        "SELECT ready_at, lease_owner, lease_expires_at FROM instances WHERE ready_at IS NOT NULL ORDER BY ready_at LIMIT 256");

    private static readonly SqlStatement RenewLease = new(
        "UPDATE instances SET lease_expires_at = @until WHERE id = @instanceId AND lease_owner = @Owner AND lease_token = @Token",
        "@instanceId", "@Owner", "@Token", "@until");

    private static readonly SqlStatement ReleaseLease = new(
        "UPDATE instances SET lease_owner = NULL, lease_expires_at = NULL WHERE id = @instanceId AND lease_owner = @Owner AND lease_token = @Token",
        "@instanceId", "@Owner", "@Token");

    private static readonly SqlStatement InsertJournalEntry = new(
        "INSERT INTO journal (instance_id, at, kind, step_id, attempt, data_json) VALUES (@InstanceId, @At, @Kind, @StepId, @Attempt, @DataJson)",
        "@InstanceId", "@At", "@Kind", "@StepId", "@Attempt", "@DataJson");

    /// <inheritdoc />
    public Task<(InstanceRecord Instance, bool Created)> CreateInstanceAsync(InstanceRecord instance, JournalRecord started, CancellationToken cancellationToken) =>
        CreateInstanceAsync(instance, started, null, cancellationToken);

    /// <inheritdoc />
    public Task<(InstanceRecord Instance, bool Created)> CreateInstanceAsync(InstanceRecord instance, JournalRecord started, AuditEntry? audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        // The key only as its hash (IdempotencyKeys.Hash, migration 0034): a partner's key may be a borrower's e-mail or mobile.
        var keyHash = IdempotencyKeys.HashOrNull(instance.IdempotencyKey);
        return WriteAsync((c, tx) =>
        {
            var inserted = Bind(c, tx, InsertInstance,
                instance.Id,
                instance.WorkflowId,
                instance.WorkflowVersion,
                instance.Status.ToString(),
                instance.Outcome,
                instance.CorrelationId,
                keyHash,
                _options.PayloadProtector.Protect(instance.InputJson),
                instance.VariablesJson,
                _options.PayloadProtector.Protect(instance.OutputsJson),
                instance.HistoryJson,
                instance.CurrentStepId,
                instance.Attempt,
                instance.StepStateJson,
                _options.PayloadProtector.ProtectOrNull(instance.PendingStimulusJson),
                instance.CancelRequested ? 1 : 0,
                UnixMs.To(instance.ReadyAt),
                UnixMs.To(instance.CreatedAt),
                UnixMs.To(instance.UpdatedAt),
                instance.Partner).ExecuteNonQuery();
            if (inserted == 0)
            {
                var existing = ReadInstance(Bind(c, tx, SelectInstanceByIdempotencyKey, keyHash))
                    ?? throw new InvalidOperationException($"Instance {instance.Id} was not inserted and no instance has its idempotency key.");
                return Task.FromResult((existing, false));
            }

            InsertJournal(c, tx, [started]);
            if (audit is not null)
            {
                InsertAudit(c, tx, audit);
            }

            // What was just inserted, from memory: reading the row back (a SELECT and its payloads decrypted) cost every start for a
            // record its caller already has (round 48, docs/PERFORMANCE.md).
            return Task.FromResult((InstanceRow.Inserted(instance, keyHash), true));
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<InstanceRecord>> ClaimReadyAsync(string owner, DateTimeOffset now, DateTimeOffset leaseUntil, int max, CancellationToken cancellationToken) =>
        InstanceRow.Claimed(await WriteAsync((c, tx) =>
        {
            // A row that cannot be decrypted is set aside, not thrown inside the write: that would roll the claim back, and
            // the same earliest-due row would fail every claim after it, so the node would claim nothing at all.
            var rows = new List<InstanceRow>();
            using (var reader = Bind(c, tx, ClaimReady, owner, UnixMs.To(leaseUntil), UnixMs.To(now), max).ExecuteReader())
            {
                while (reader.Read())
                {
                    rows.Add(InstanceRow.Read(reader));
                }
            }

            return Task.FromResult(InstanceRow.ReadClaimed(rows, _options.PayloadProtector));
        }, cancellationToken));

    /// <inheritdoc />
    public Task<InstanceRecord?> TryClaimAsync(string instanceId, string owner, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken) =>
        WriteAsync((c, tx) => Task.FromResult(ReadInstance(Bind(c, tx, TryClaim, instanceId, owner, UnixMs.To(leaseUntil), UnixMs.To(now)))), cancellationToken);

    /// <inheritdoc />
    public Task<DateTimeOffset?> GetNextReadyAtAsync(CancellationToken cancellationToken) =>
        ReadAsync(c =>
        {
            // Leased rows become claimable when their lease expires; the index on ready_at keeps this a short scan.
            using var reader = Bind(c, null, SelectNextReady).ExecuteReader();
            long? next = null;
            while (reader.Read())
            {
                var (readyAt, owner, expires) = (reader.GetInt64(0), reader.GetStringOrNull(1), reader.GetInt64OrNull(2));
                var due = owner is null ? readyAt : Math.Max(readyAt, expires ?? readyAt);
                next = next is null ? due : Math.Min(next.Value, due);
            }

            return Task.FromResult(UnixMs.From(next));
        });

    /// <inheritdoc />
    public Task<bool> RenewLeaseAsync(string instanceId, LeaseFence fence, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fence);
        return WriteAsync((c, tx) => Task.FromResult(
            Bind(c, tx, RenewLease, instanceId, fence.Owner, fence.Token, UnixMs.To(leaseUntil)).ExecuteNonQuery() == 1), cancellationToken);
    }

    /// <inheritdoc />
    public Task ReleaseLeaseAsync(string instanceId, LeaseFence fence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fence);
        return WriteAsync((c, tx) => Task.FromResult(Bind(c, tx, ReleaseLease, instanceId, fence.Owner, fence.Token).ExecuteNonQuery()), cancellationToken);
    }

    /// <inheritdoc />
    public Task<int> ReleaseLeasesOwnedByAsync(string owner, CancellationToken cancellationToken) =>
        WriteAsync((c, tx) => c.ExecuteAsync(
            "UPDATE instances SET lease_owner = NULL, lease_expires_at = NULL WHERE lease_owner = @owner", new { owner }, tx), cancellationToken);

    /// <inheritdoc />
    public Task<InstanceRecord?> GetInstanceAsync(string instanceId, CancellationToken cancellationToken) =>
        ReadAsync(c => Task.FromResult(ReadInstance(Bind(c, null, SelectInstanceById, instanceId))));

    /// <inheritdoc />
    public Task<InstanceMark?> GetInstanceMarkAsync(string instanceId, CancellationToken cancellationToken) =>
        ReadAsync(c => Task.FromResult(ReadInstanceMark(c, null, instanceId)));

    // Also what a refused commit reads to say why (Stale: the version moved, or the lease was taken over).
    private InstanceMark? ReadInstanceMark(SqliteConnection c, SqliteTransaction? tx, string instanceId)
    {
        using var reader = Bind(c, tx, SelectInstanceMark, instanceId).ExecuteReader();
        return reader.Read() ? new InstanceMark(reader.GetInt64(0), reader.GetInt64(1) != 0, reader.GetStringOrNull(2), reader.GetInt64(3)) : null;
    }

    // Shared with PostgreSQL. Run once per poll that completes a step (WorkflowRunner), so kept prepared here.
    internal const string InstanceMarkSql = "SELECT version, cancel_requested, lease_owner, lease_token FROM instances WHERE id = @instanceId";

    private static readonly SqlStatement SelectInstanceMark = new(InstanceMarkSql, "@instanceId");

    /// <inheritdoc />
    public Task<PagedResult<WorkflowInstanceSummary>> QueryInstancesAsync(InstanceQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (where, parameters) = InstanceFilterSql.Build(query, includeStatus: true, Dialect);
        parameters.Add("Skip", Math.Max(0, query.Skip));
        parameters.Add("Take", Math.Clamp(query.Take, 1, 500));
        return ReadAsync(async c =>
        {
            var total = await c.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM instances i {where}", parameters);
            var rows = await c.QueryAsync<SummaryRow>(
                $"SELECT {SummaryColumns} FROM instances i {where} ORDER BY i.created_at DESC, i.id DESC LIMIT @Take OFFSET @Skip", parameters);
            return new PagedResult<WorkflowInstanceSummary>(rows.Select(r => r.ToSummary()).ToList(), total);
        });
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> GetNewestProtectedInstanceIdsAsync(int max, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<string>>(async c => (await c.QueryAsync<string>(
            "SELECT id FROM (SELECT id, input_json, created_at FROM instances ORDER BY created_at DESC, id DESC LIMIT @window) " +
            "WHERE substr(input_json, 1, @length) = @prefix ORDER BY created_at DESC, id DESC LIMIT @max",
            new { window = PayloadProtection.KeyCheckWindow, length = PayloadProtection.Prefix.Length, prefix = PayloadProtection.Prefix, max })).ToList());

    // Runs a bound statement that returns instance rows and reads the first, or null when there is none.
    private InstanceRecord? ReadInstance(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        return reader.Read() ? InstanceRow.Read(reader).ToRecord(_options.PayloadProtector) : null;
    }

    private void InsertJournal(SqliteConnection c, SqliteTransaction? tx, IEnumerable<JournalRecord> entries)
    {
        foreach (var e in entries)
        {
            Bind(c, tx, InsertJournalEntry, e.InstanceId, UnixMs.To(e.At), e.Kind, e.StepId, e.Attempt, e.DataJson).ExecuteNonQuery();
        }
    }
}
