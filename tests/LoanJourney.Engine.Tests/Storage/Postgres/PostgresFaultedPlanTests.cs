using Dapper;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Storage.Postgres;
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
        // 10,000 journeys over two workflows; a fifth of them faulted, one in 97 of those a money question; the fault times in the
        // reverse order of creation.
        var (store, connection) = await PlanSeed.CopiesAsync(_connectionString, WorkflowStatus.Waiting, 10_000,
            ("workflow_id", "CASE WHEN mod(g, 2) = 0 THEN 'wf' ELSE 'other' END"),
            ("status", "CASE WHEN mod(g, 5) < 1 THEN 'Faulted' ELSE 'Completed' END"),
            ("created_at", "g * 1000"), ("updated_at", "g * 1000"), ("faulted_at", "(10001 - g) * 1000"),
            ("fault_rank", "CASE WHEN mod(g, 97) = 0 THEN 0 ELSE 1 END"));
        using var ownedStore = store;
        await using var ownedConnection = connection;

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
