using LoanJourney.Engine.Model;
using LoanJourney.Engine.Storage;
using LoanJourney.Engine.Storage.Postgres;
using Npgsql;

namespace LoanJourney.Engine.Tests.Storage.Postgres;

/// <summary>
/// A regression guard that is not timed (issue 17, i17pg, migration 0022): the status change of one journey does not wait
/// for the uncommitted status change of another. The operator-view counters (instance_counts, instance_version_counts,
/// current_step_counts) are kept in slots by the writing session, so two sessions committing at once write different
/// rows; with 0017's slots (a hash of the instance id, 8 of them) two journeys of the same slot queued on the same two
/// counter rows until the first commit had flushed. The second session's wait is bounded by <c>lock_timeout</c>: a
/// session that needs no lock held by the first never reaches it, one that does waits until the first ends, i.e. for ever.
/// Also: the aggregate function the triggers call is plpgsql (plans cached per session), not an SQL function PostgreSQL
/// plans on every call.
/// </summary>
[Collection(PostgresGroup.Name)]
public sealed class PostgresCounterContentionTests(PostgresServer server) : IAsyncLifetime
{
    private string _connectionString = "";

    public async Task InitializeAsync() => _connectionString = await server.CreateSchemaAsync();

    public async Task DisposeAsync() => await server.DropSchemaAsync(_connectionString);

    [Theory]
    [InlineData(true)] // a commit by the engine: it moved funnel_version, the trigger keeps the counts only
    [InlineData(false)] // any other writer: the trigger keeps every aggregate
    public async Task StatusChangesOfTwoJourneysInTwoSessions_DoNotWaitForEachOther(bool engineCommit)
    {
        using var store = new PostgresWorkflowStore(new PostgresStoreOptions { ConnectionString = _connectionString }, TimeProvider.System);
        await store.InitializeAsync(default);
        var (first, second) = await TwoJourneysOfOneOldSlotAsync(store);
        var funnel = engineCommit ? ", funnel_version = funnel_version + 1" : "";
        await SecondSessionDoesNotWaitForTheFirstAsync(
            (a, holding) => ExecuteAsync(a, $"UPDATE instances SET status = 'Waiting'{funnel} WHERE id = '{first}'", holding),
            (b, waiting) => ExecuteAsync(b, $"UPDATE instances SET status = 'Waiting'{funnel} WHERE id = '{second}'", waiting));

        await using var check = new NpgsqlConnection(_connectionString);
        await check.OpenAsync();
        await using var counts = new NpgsqlCommand("SELECT status, SUM(count)::bigint FROM instance_counts WHERE workflow_id = 'wf' GROUP BY status HAVING SUM(count) <> 0 ORDER BY status", check);
        await using var reader = await counts.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add($"{reader.GetString(0)}={reader.GetInt64(1)}");
        }

        Assert.Contains("Waiting=2", rows);
    }

    // Migration 0024: the funnel's duration buckets are slotted too. A journey's Core.End always lands in the 0 ms bucket, so
    // without slots every journey's final commit upserted the same row and held it until its flush.
    [Theory]
    [InlineData(true)] // the engine's own upsert (PostgresWorkflowStore.UpsertFunnelDurationsSql)
    [InlineData(false)] // the trigger's, for any other writer: a history whose step completed
    public async Task TwoStepsCompletingInTheSameDurationBucketInTwoSessions_DoNotWaitForEachOther(bool engineCommit)
    {
        using var store = new PostgresWorkflowStore(new PostgresStoreOptions { ConnectionString = _connectionString }, TimeProvider.System);
        await store.InitializeAsync(default);
        var (first, second) = await TwoJourneysOfOneOldSlotAsync(store);
        await SecondSessionDoesNotWaitForTheFirstAsync(
            (a, holding) => CompleteEndStepAsync(a, holding, first, engineCommit),
            (b, waiting) => CompleteEndStepAsync(b, waiting, second, engineCommit));

        await using var check = new NpgsqlConnection(_connectionString);
        await check.OpenAsync();
        await using var executions = new NpgsqlCommand(
            "SELECT SUM(executions)::bigint FROM funnel_durations WHERE workflow_id = 'wf' AND step_id = 'end' AND duration_ms = 0", check);
        Assert.Equal(2L, await executions.ExecuteScalarAsync());
    }

    private static async Task CompleteEndStepAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string id, bool engineCommit)
    {
        if (!engineCommit)
        {
            await ExecuteAsync(connection,
                $"UPDATE instances SET history_json = '[{{\"stepId\":\"end\",\"activity\":\"Core.End\",\"status\":\"Completed\",\"startedAt\":\"2026-01-01T00:00:00Z\",\"finishedAt\":\"2026-01-01T00:00:00Z\"}}]' WHERE id = '{id}'",
                transaction);
            return;
        }

        await using var upsert = new NpgsqlCommand(PostgresWorkflowStore.UpsertFunnelDurationsSql, connection, transaction);
        upsert.Parameters.AddWithValue("FunnelWorkflowId", "wf");
        upsert.Parameters.AddWithValue("DStep", new[] { "end" });
        upsert.Parameters.AddWithValue("DStarted", new[] { "2026-01-01T00:00:00Z" });
        upsert.Parameters.AddWithValue("DFinished", new[] { "2026-01-01T00:00:00Z" });
        upsert.Parameters.AddWithValue("DExecutions", new[] { 1L });
        await upsert.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task TheTriggersAggregateFunction_IsPlpgsql()
    {
        using var store = new PostgresWorkflowStore(new PostgresStoreOptions { ConnectionString = _connectionString }, TimeProvider.System);
        await store.InitializeAsync(default);
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var language = new NpgsqlCommand(
            "SELECT l.lanname FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang WHERE p.proname = 'lj_aggregate_instance' AND p.pronamespace = current_schema()::regnamespace", connection);
        Assert.Equal("plpgsql", await language.ExecuteScalarAsync());
    }

    // Migration 0023: the update trigger's WHEN clause keeps PostgreSQL from queueing an event and calling plpgsql for a
    // commit the function would do nothing for (the engine applied the funnel's change itself, no count moved). EXPLAIN
    // ANALYZE lists every trigger that fired, with its calls.
    [Theory]
    [InlineData("funnel_version = funnel_version + 1, history_json = '[{\"stepId\":\"wait\"}]'", false)] // an engine step, no count moved
    [InlineData("funnel_version = funnel_version + 1, status = 'Waiting'", true)] // an engine step that moves a count
    [InlineData("funnel_version = funnel_version + 1, outcome = 'Rejected'", true)]
    [InlineData("history_json = '[{\"stepId\":\"wait\"}]'", true)] // any other writer: the function compares the histories
    public async Task TheAggregatesTrigger_RunsOnlyWhenItHasWork(string set, bool fires)
    {
        using var store = new PostgresWorkflowStore(new PostgresStoreOptions { ConnectionString = _connectionString }, TimeProvider.System);
        await store.InitializeAsync(default);
        var (first, _) = await TwoJourneysOfOneOldSlotAsync(store);
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var explain = new NpgsqlCommand($"EXPLAIN (ANALYZE, FORMAT TEXT) UPDATE instances SET {set} WHERE id = '{first}'", connection, transaction);
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(0));
            }
        }

        await transaction.RollbackAsync();
        var fired = plan.Where(l => l.StartsWith("Trigger tr_instances_aggregates", StringComparison.Ordinal)).ToList();
        Assert.True(fires == (fired.Count > 0), $"SET {set}: triggers fired: {string.Join(" | ", plan.Where(l => l.StartsWith("Trigger", StringComparison.Ordinal)))}");
    }

    // Nine running journeys: two of them share 0017's slot (hashtext(id) & 7), the case that queued before.
    private async Task<(string First, string Second)> TwoJourneysOfOneOldSlotAsync(PostgresWorkflowStore store)
    {
        var now = DateTimeOffset.UnixEpoch;
        for (var i = 0; i < 9; i++)
        {
            var id = $"j{i}";
            await store.CreateInstanceAsync(new InstanceRecord
            {
                Id = id,
                WorkflowId = "wf",
                WorkflowVersion = 1,
                Status = WorkflowStatus.Running,
                InputJson = "{}",
                VariablesJson = "{}",
                OutputsJson = "{}",
                HistoryJson = "[]",
                CurrentStepId = "wait",
                ReadyAt = null,
                CreatedAt = now,
                UpdatedAt = now,
            }, new JournalRecord(0, id, now, JournalKinds.InstanceStarted, null, null, null), default);
        }

        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var pair = new NpgsqlCommand(
            "SELECT min(id), max(id) FROM instances GROUP BY hashtext(id) & 7 HAVING count(*) > 1 ORDER BY 1 LIMIT 1", connection);
        await using var reader = await pair.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetString(0), reader.GetString(1));
    }

    // Session A makes its change and keeps its transaction open; session B makes its own and commits. B reaches its
    // lock_timeout (10 s, 55P03) only if it waits for a row A holds, i.e. for A's commit.
    private async Task SecondSessionDoesNotWaitForTheFirstAsync(
        Func<NpgsqlConnection, NpgsqlTransaction, Task> first, Func<NpgsqlConnection, NpgsqlTransaction, Task> second)
    {
        var (a, b) = await TwoSessionsOfDifferentSlotsAsync();
        await using (a)
        await using (b)
        {
            await using var holding = await a.BeginTransactionAsync();
            await first(a, holding);

            await using var waiting = await b.BeginTransactionAsync();
            await ExecuteAsync(b, "SET LOCAL lock_timeout = '10s'", waiting);
            await second(b, waiting);
            await waiting.CommitAsync();
            await holding.CommitAsync();
        }
    }

    // Two sessions whose backends' pids differ in the low six bits (the counters' slot since 0022).
    private async Task<(NpgsqlConnection A, NpgsqlConnection B)> TwoSessionsOfDifferentSlotsAsync()
    {
        var unpooled = new NpgsqlConnectionStringBuilder(_connectionString) { Pooling = false }.ConnectionString;
        var a = new NpgsqlConnection(unpooled);
        await a.OpenAsync();
        var spare = new List<NpgsqlConnection>();
        try
        {
            while (true)
            {
                var b = new NpgsqlConnection(unpooled);
                await b.OpenAsync();
                if ((b.ProcessID & 63) != (a.ProcessID & 63))
                {
                    return (a, b);
                }

                spare.Add(b);
            }
        }
        finally
        {
            foreach (var connection in spare)
            {
                await connection.DisposeAsync();
            }
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, NpgsqlTransaction transaction)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync();
    }
}
