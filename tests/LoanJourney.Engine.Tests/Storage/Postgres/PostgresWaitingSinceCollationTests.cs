using Dapper;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Storage;
using LoanJourney.Engine.Storage.Postgres;
using Xunit.Abstractions;

namespace LoanJourney.Engine.Tests.Storage.Postgres;

/// <summary>
/// <c>waitingLongerThan</c> compares <c>waiting_since</c>, the wait's start as ISO 8601 UTC text, with the bound written the same
/// way. Until session 52 it compared them in the database's collation: under ICU en-US '.' sorts before '+', so a wait that
/// began on a whole second (<c>…T00:00:10+00:00</c>, the fraction trimmed) sorted after a bound later in that second
/// (<c>…T00:00:10.5000000+00:00</c>) and the journey was left out. Now the answer is the instants' in any collation (byte order),
/// and the range is still read from <c>ix_instances_waiting_since</c> in the database's collation (up to the next whole second), in
/// a database created with ICU en-US as in the fixture's C one.
/// </summary>
[Collection(PostgresGroup.Name)]
public sealed class PostgresWaitingSinceCollationTests(PostgresServer server, ITestOutputHelper output)
{
    // 2,000 waiting journeys whose waits began one whole second apart from 2026-01-01T00:00:01 (j1) on; the bound is half a second
    // after j10's start, so j1 … j10 have waited longer.
    private static readonly DateTimeOffset Bound = new(2026, 1, 1, 0, 0, 10, 500, TimeSpan.Zero);

    [Fact]
    public async Task WaitingLongerThan_InAnIcuEnUsDatabase_CountsAWaitThatBeganOnAWholeSecond_AndReadsTheIndex()
    {
        var connectionString = await server.CreateIcuDatabaseAsync("en-US");
        try
        {
            await using var probe = new Npgsql.NpgsqlConnection(connectionString);
            // The premise: in this database's collation the two texts are out of time order.
            Assert.False(await probe.ExecuteScalarAsync<bool>("SELECT '2026-01-01T00:00:10+00:00' <= '2026-01-01T00:00:10.5000000+00:00'::text"));
            await AssertTheLongWaitsAsync(connectionString);
        }
        finally
        {
            await server.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task WaitingLongerThan_InTheCDatabase_GivesTheSameAnswer()
    {
        var connectionString = await server.CreateSchemaAsync();
        try
        {
            await AssertTheLongWaitsAsync(connectionString);
        }
        finally
        {
            await server.DropSchemaAsync(connectionString);
        }
    }

    private async Task AssertTheLongWaitsAsync(string connectionString)
    {
        var (store, connection) = await PlanSeed.CopiesAsync(connectionString, WorkflowStatus.Completed, 2000,
            ("status", "'Waiting'"),
            ("history_json", "'[{\"stepId\":\"wait\",\"status\":\"Waiting\",\"startedAt\":\"' || to_char(timestamp '2026-01-01' + g * interval '1 second', 'YYYY-MM-DD\"T\"HH24:MI:SS') || '+00:00\"}]'"));
        using var ownedStore = store;
        await using var ownedConnection = connection;

        var query = new InstanceQuery { WaitingSinceBefore = Bound, Take = 50 };
        var list = await store.ListInstancesAsync(query, default);
        Assert.Equal(10, list.Total);
        Assert.Equal(Enumerable.Range(1, 10).Select(g => "j" + g).Order(StringComparer.Ordinal), list.Items.Select(i => i.Id).Order(StringComparer.Ordinal));
        // The raw answer (the histories themselves, the benchmark's comparison) agrees.
        Assert.Equal(10, (await store.ListInstancesAsync(query, fromAggregates: false, default)).Total);

        var (sql, parameters) = PostgresWorkflowStore.ListPageSql(query);
        var plan = (await connection.QueryAsync<string>("EXPLAIN " + sql, parameters)).Select(l => l.Trim()).ToList();
        var text = string.Join(" | ", plan);
        output.WriteLine(text);
        Assert.True(plan.Any(l => l.Contains("ix_instances_waiting_since", StringComparison.Ordinal)), text);
        // The range up to the next whole second is the index's; only the exact comparison in byte order is a Filter.
        Assert.True(plan.Any(l => l.StartsWith("Index Cond:", StringComparison.Ordinal) && l.Contains("waiting_since", StringComparison.Ordinal)
            && l.Contains("2026-01-01T00:00:11", StringComparison.Ordinal)), text);
        Assert.DoesNotContain(plan, l => l.Contains("Seq Scan on instances", StringComparison.Ordinal));
    }
}
