using Dapper;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Storage;
using LoanJourney.Engine.Storage.Postgres;
using Npgsql;
using Xunit.Abstractions;

namespace LoanJourney.Engine.Tests.Storage.Postgres;

/// <summary>
/// A regression guard that is not timed, beside SQLite's (OperatorViewPlanTests.FaultedRunPages_ReadTheFaultedIndexInTriageOrder):
/// on PostgreSQL too the stuck list's faulted run (migration 0039, session 50), its first page and a page after a cursor, reads the
/// workflow's range of <c>ix_instances_faulted</c> in triage order and stops after the page; never every faulted journey sorted,
/// never the workflow's journeys filtered.
/// </summary>
[Collection(PostgresGroup.Name)]
public sealed class PostgresFaultedPlanTests(PostgresServer server, ITestOutputHelper output) : IAsyncLifetime
{
    private string _connectionString = "";

    public async Task InitializeAsync() => _connectionString = await server.CreateSchemaAsync();

    public async Task DisposeAsync() => await server.DropSchemaAsync(_connectionString);

    [Fact]
    public async Task TheFaultedRunsPages_ReadTheFaultedIndexInOrder()
    {
        using var store = new PostgresWorkflowStore(new PostgresStoreOptions { ConnectionString = _connectionString }, TimeProvider.System);
        await store.InitializeAsync(default);
        var epoch = DateTimeOffset.UnixEpoch;
        await store.CreateInstanceAsync(new InstanceRecord
        {
            Id = "j0", WorkflowId = "wf", WorkflowVersion = 1, Status = WorkflowStatus.Waiting, InputJson = "{}", VariablesJson = "{}",
            OutputsJson = "{}", HistoryJson = "[]", CurrentStepId = "wait", CreatedAt = epoch, UpdatedAt = epoch,
        }, new JournalRecord(0, "j0", epoch, JournalKinds.InstanceStarted, null, null, null), default);

        // 10,000 journeys over two workflows; a fifth of them faulted, one in 97 of those a money question; the fault times in the
        // reverse order of creation. Copied with the table's triggers off (PostgresPartnerPlanTests says why).
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await connection.ExecuteAsync(
            "ALTER TABLE instances DISABLE TRIGGER USER; " +
            "DO $$ DECLARE cols text; BEGIN " +
            "SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position) INTO cols FROM information_schema.columns " +
            "WHERE table_schema = current_schema() AND table_name = 'instances' AND is_generated = 'NEVER' " +
            "AND column_name NOT IN ('id', 'workflow_id', 'status', 'created_at', 'updated_at', 'faulted_at', 'fault_rank'); " +
            "EXECUTE format('INSERT INTO instances (id, workflow_id, status, created_at, updated_at, faulted_at, fault_rank, %s) " +
            "SELECT ''j'' || g, CASE WHEN mod(g, 2) = 0 THEN ''wf'' ELSE ''other'' END, CASE WHEN mod(g, 5) < 1 THEN ''Faulted'' ELSE ''Completed'' END, " +
            "g * 1000, g * 1000, (10001 - g) * 1000, CASE WHEN mod(g, 97) = 0 THEN 0 ELSE 1 END, %s FROM instances " +
            "CROSS JOIN generate_series(1, 10000) g WHERE id = ''j0''', cols, cols); END $$; " +
            "ALTER TABLE instances ENABLE TRIGGER USER; ANALYZE instances", commandTimeout: 300);

        var first = await store.ListFaultedAsync("wf", null, 50, default);
        Assert.NotNull(first.Next);
        foreach (var after in new[] { null, first.Next })
        {
            var (sql, parameters) = PostgresWorkflowStore.FaultedPageSql("wf", after, 50);
            var plan = (await connection.QueryAsync<string>("EXPLAIN " + sql, parameters)).Select(l => l.Trim()).ToList();
            var text = $"{(after is null ? "first page" : "after a cursor")}: {string.Join(" | ", plan)}";
            output.WriteLine(text);

            Assert.True(plan.Any(l => l.Contains("Index Scan using ix_instances_faulted on instances", StringComparison.Ordinal)), text);
            Assert.True(plan.Any(l => l.StartsWith("Index Cond:", StringComparison.Ordinal) && l.Contains("workflow_id =", StringComparison.Ordinal)
                && (after is null || l.Contains("ROW(", StringComparison.Ordinal))), text);
            Assert.True(PlanLines.IsOrderedRangeRead(plan), text);
        }
    }
}
