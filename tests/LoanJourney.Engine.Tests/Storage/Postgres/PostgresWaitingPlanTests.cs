using Dapper;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Storage.Postgres;
using Xunit.Abstractions;

namespace LoanJourney.Engine.Tests.Storage.Postgres;

/// <summary>
/// A regression guard that is not timed, beside SQLite's (OperatorViewPlanTests.WaitingRunPages_ReadTheWorkflowsWaitingIndexInOrder):
/// on PostgreSQL too the stuck list's long waits (migration 0040, session 51), their first page and a page after a cursor, read the
/// workflow's range of <c>ix_instances_waiting_workflow</c> longest wait first and stop after the page; never every wait sorted, never
/// every workflow's waits filtered. The funnel's count of them reads that range too.
/// </summary>
[Collection(PostgresGroup.Name)]
public sealed class PostgresWaitingPlanTests(PostgresServer server, ITestOutputHelper output) : IAsyncLifetime
{
    private string _connectionString = "";

    public async Task InitializeAsync() => _connectionString = await server.CreateSchemaAsync();

    public async Task DisposeAsync() => await server.DropSchemaAsync(_connectionString);

    [Fact]
    public async Task TheLongWaitsPages_ReadTheWorkflowsWaitingIndexInOrder()
    {
        // 10,000 journeys over two workflows, two in five of them waiting, their waits started in the reverse order of creation (one
        // second apart, the history's ISO 8601 text).
        var (store, connection) = await PlanSeed.CopiesAsync(_connectionString, WorkflowStatus.Completed, 10_000,
            ("workflow_id", "CASE WHEN mod(g, 2) = 0 THEN 'wf' ELSE 'other' END"),
            ("status", "CASE WHEN mod(g, 5) < 2 THEN 'Waiting' ELSE 'Completed' END"),
            ("created_at", "g * 1000"), ("updated_at", "g * 1000"),
            ("history_json", "'[{\"stepId\":\"wait\",\"status\":\"Waiting\",\"startedAt\":\"' || to_char(timestamp '2026-01-01' + (10001 - g) * interval '1 second', 'YYYY-MM-DD\"T\"HH24:MI:SS') || '+00:00\"}]'"));
        using var ownedStore = store;
        await using var ownedConnection = connection;

        var before = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
        var first = await store.ListWaitingAsync("wf", before, null, 50, withTotal: true, default);
        Assert.Equal(2000, first.Total);
        Assert.NotNull(first.Next);
        foreach (var after in new[] { null, first.Next })
        {
            var (sql, parameters) = PostgresWorkflowStore.WaitingPageSql("wf", before, after, 50);
            var plan = (await connection.QueryAsync<string>("EXPLAIN " + sql, parameters)).Select(l => l.Trim()).ToList();
            var text = $"{(after is null ? "first page" : "after a cursor")}: {string.Join(" | ", plan)}";
            output.WriteLine(text);

            Assert.True(plan.Any(l => l.Contains("Index Scan using ix_instances_waiting_workflow on instances", StringComparison.Ordinal)), text);
            Assert.True(plan.Any(l => l.StartsWith("Index Cond:", StringComparison.Ordinal) && l.Contains("workflow_id =", StringComparison.Ordinal)
                && (after is null || l.Contains("ROW(", StringComparison.Ordinal))), text);
            Assert.True(PlanLines.IsOrderedRangeRead(plan), text);
        }

        var (count, countParameters) = PostgresWorkflowStore.WaitingCountSql("wf", before);
        var countPlan = (await connection.QueryAsync<string>("EXPLAIN " + count, countParameters)).Select(l => l.Trim()).ToList();
        var countText = "count: " + string.Join(" | ", countPlan);
        output.WriteLine(countText);
        // The workflow's range of the index (an index-only or a bitmap scan, as the visibility map allows), never all waits filtered.
        Assert.True(countPlan.Any(l => l.Contains("Scan using ix_instances_waiting_workflow", StringComparison.Ordinal)
            || l.Contains("Bitmap Index Scan on ix_instances_waiting_workflow", StringComparison.Ordinal)), countText);
        Assert.True(countPlan.Any(l => l.StartsWith("Index Cond:", StringComparison.Ordinal) && l.Contains("workflow_id =", StringComparison.Ordinal)), countText);
        Assert.DoesNotContain(countPlan, l => l.StartsWith("Filter:", StringComparison.Ordinal) || l.Contains("Seq Scan", StringComparison.Ordinal));
    }
}
