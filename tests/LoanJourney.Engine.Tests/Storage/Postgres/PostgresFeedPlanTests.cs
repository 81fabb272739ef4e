using LoanJourney.Engine.Model;
using LoanJourney.Engine.Storage;
using LoanJourney.Engine.Storage.Postgres;
using Npgsql;

namespace LoanJourney.Engine.Tests.Storage.Postgres;

/// <summary>
/// A regression guard that is not timed (issue 17, session 12): the live-update feed's reads after a cursor stay a range of
/// ix_instances_updated when PostgreSQL runs them with a generic plan (plan_cache_mode = force_generic_plan, or its own
/// choice for a statement Npgsql has prepared). The feed runs them every 300 ms on every node for as long as the server
/// runs. Written as `updated_at > @At OR (updated_at = @At AND id > @Id)`, the generic plan walked the whole index from its
/// start with the OR as a filter (63 ms on a 300,000-row table, growing with history); the row comparison
/// `(updated_at, id) > (@At, @Id)` is an index condition whatever the plan.
/// </summary>
[Collection(PostgresGroup.Name)]
public sealed class PostgresFeedPlanTests(PostgresServer server) : IAsyncLifetime
{
    private string _connectionString = "";

    public async Task InitializeAsync() => _connectionString = await server.CreateSchemaAsync();

    public async Task DisposeAsync() => await server.DropSchemaAsync(_connectionString);

    public static TheoryData<string, string> Statements => new()
    {
        { "change marks", PostgresWorkflowStore.SelectChangeMarksSql },
        { "changed instances", PostgresWorkflowStore.SelectChangedInstancesSql },
    };

    [Theory]
    [MemberData(nameof(Statements))]
    public async Task TheFeedsReadAfterACursor_IsARangeOfTheUpdatedIndex_WithAGenericPlan(string name, string sql)
    {
        using var store = new PostgresWorkflowStore(new PostgresStoreOptions { ConnectionString = _connectionString }, TimeProvider.System);
        await store.InitializeAsync(default);
        await SeedAsync(store, 3000);
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await ExecuteAsync(connection, "ANALYZE instances");
        await ExecuteAsync(connection, "SET plan_cache_mode = force_generic_plan");
        await ExecuteAsync(connection, "PREPARE feed AS " + sql.Replace("@At", "$1", StringComparison.Ordinal)
            .Replace("@Id", "$2", StringComparison.Ordinal).Replace("@Max", "$3", StringComparison.Ordinal));

        var plan = new List<string>();
        await using (var explain = new NpgsqlCommand("EXPLAIN EXECUTE feed(2990, 'j2990', 500)", connection))
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(0).Trim());
            }
        }

        var text = $"{name}: {string.Join(" | ", plan)}";
        Assert.Contains(plan, l => l.Contains("ix_instances_updated", StringComparison.Ordinal));
        Assert.True(plan.Any(l => l.StartsWith("Index Cond:", StringComparison.Ordinal) && l.Contains("ROW(", StringComparison.Ordinal)), text);
        Assert.False(PlanLines.MainPart(plan).Any(l => l.StartsWith("Filter:", StringComparison.Ordinal) || l.StartsWith("Sort", StringComparison.Ordinal)), text);
        Assert.True(PlanLines.SubPlansAreLookupsByInstance(plan), text);
    }

    [Fact]
    public async Task TheFeedsReadAfterACursor_AnswersTheRowsAfterIt_InOrder()
    {
        using var store = new PostgresWorkflowStore(new PostgresStoreOptions { ConnectionString = _connectionString }, TimeProvider.System);
        await store.InitializeAsync(default);
        await SeedAsync(store, 20);

        // Rows j1..j20 at updated_at 1..20 and j0 (the template) at 0; j12 and j15 moved to 7 beside j7: ties in order of id.
        await using (var connection = new NpgsqlConnection(_connectionString))
        {
            await connection.OpenAsync();
            await ExecuteAsync(connection, "UPDATE instances SET updated_at = 7 WHERE id IN ('j12', 'j15')");
        }

        var marks = await store.GetChangeMarksAsync(new ChangeCursor(DateTimeOffset.FromUnixTimeMilliseconds(7), "j12"), 4, default);

        Assert.Equal(["j15", "j7", "j8", "j9"], marks.Select(m => m.Id));
    }

    // One journey through the store, and `count` copies of it (ids j1.., updated_at 1..count) in one statement (the columns
    // PostgreSQL generates left out).
    private async Task SeedAsync(PostgresWorkflowStore store, int count)
    {
        var epoch = DateTimeOffset.UnixEpoch;
        await store.CreateInstanceAsync(new InstanceRecord
        {
            Id = "j0",
            WorkflowId = "wf",
            WorkflowVersion = 1,
            Status = WorkflowStatus.Waiting,
            InputJson = "{}",
            VariablesJson = "{}",
            OutputsJson = "{}",
            HistoryJson = "[]",
            CurrentStepId = "wait",
            CreatedAt = epoch,
            UpdatedAt = epoch,
        }, new JournalRecord(0, "j0", epoch, JournalKinds.InstanceStarted, null, null, null), default);
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await ExecuteAsync(connection,
            "DO $$ DECLARE cols text; BEGIN " +
            "SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position) INTO cols FROM information_schema.columns " +
            "WHERE table_schema = current_schema() AND table_name = 'instances' AND is_generated = 'NEVER' AND column_name NOT IN ('id', 'updated_at', 'created_at'); " +
            "EXECUTE format('INSERT INTO instances (id, updated_at, created_at, %s) SELECT ''j'' || g, g, g, %s FROM instances " +
            $"CROSS JOIN generate_series(1, {count}) g WHERE id = ''j0''', cols, cols); END $$");
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
