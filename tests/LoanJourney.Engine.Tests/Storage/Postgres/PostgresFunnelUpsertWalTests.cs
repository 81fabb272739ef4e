using LoanJourney.Engine.Storage.Postgres;
using Npgsql;

namespace LoanJourney.Engine.Tests.Storage.Postgres;

/// <summary>
/// A regression guard that is not timed (issue 17, round 55): a step commit moves the funnel's counter rows that already
/// exist with plain updates, not <c>INSERT … ON CONFLICT DO UPDATE</c>, which first locks the row it found — a Heap/LOCK WAL
/// record per row per commit (~75 bytes of a no-op step commit's ~3.4 KB) — and then updates it. Read from the WAL itself
/// (<c>pg_walinspect</c>) between two LSNs, for this schema's two funnel tables only, so other tests' writes do not count.
/// </summary>
[Collection(PostgresGroup.Name)]
public sealed class PostgresFunnelUpsertWalTests(PostgresServer server) : IAsyncLifetime
{
    private string _connectionString = "";

    public async Task InitializeAsync() => _connectionString = await server.CreateSchemaAsync();

    public async Task DisposeAsync() => await server.DropSchemaAsync(_connectionString);

    [Fact]
    public async Task ExistingFunnelRows_AreUpdatedWithoutALockRecord_AndCountedOnce()
    {
        using (var store = new PostgresWorkflowStore(new PostgresStoreOptions { ConnectionString = _connectionString }, TimeProvider.System))
        {
            await store.InitializeAsync(default);
        }

        var database = new NpgsqlConnectionStringBuilder(_connectionString).Database!;
        await using (var admin = new NpgsqlConnection(server.ConnectionString(database)))
        {
            await admin.OpenAsync();
            await using var extension = new NpgsqlCommand("CREATE EXTENSION IF NOT EXISTS pg_walinspect SCHEMA public", admin);
            await extension.ExecuteNonQueryAsync();
        }

        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await ScalarAsync(connection, "SELECT set_config('synchronous_commit', 'on', false)"); // each commit flushed: pg_walinspect reads to the flush LSN
        await UpsertAsync(connection); // the slot's first commit of the step: rows inserted
        var start = await ScalarAsync(connection, "SELECT pg_current_wal_lsn()::text");
        await UpsertAsync(connection);
        await UpsertAsync(connection);
        var end = await ScalarAsync(connection, "SELECT pg_current_wal_flush_lsn()::text");

        var records = await RecordsAsync(connection, start, end);
        Assert.Contains("Heap/HOT_UPDATE funnel_steps", records); // the filter sees this schema's writes
        Assert.Contains("Heap/HOT_UPDATE funnel_durations", records);
        Assert.DoesNotContain(records, r => r.StartsWith("Heap/LOCK", StringComparison.Ordinal));
        Assert.Equal("3 3 0 3", await ScalarAsync(connection, "SELECT reached || ' ' || completed || ' ' || rejected || ' ' || (SELECT executions FROM funnel_durations WHERE step_id = 's1') FROM funnel_steps WHERE step_id = 's1'"));
    }

    private static async Task UpsertAsync(NpgsqlConnection connection)
    {
        await using var steps = new NpgsqlCommand(PostgresWorkflowStore.UpsertFunnelStepsSql, connection);
        steps.Parameters.AddWithValue("FunnelWorkflowId", "wf");
        steps.Parameters.AddWithValue("FStep", new[] { "s1" });
        steps.Parameters.AddWithValue("FReached", new[] { 1L });
        steps.Parameters.AddWithValue("FCompleted", new[] { 1L });
        steps.Parameters.AddWithValue("FRejected", new[] { 0L });
        await steps.ExecuteNonQueryAsync();
        await using var durations = new NpgsqlCommand(PostgresWorkflowStore.UpsertFunnelDurationsSql, connection);
        durations.Parameters.AddWithValue("FunnelWorkflowId", "wf");
        durations.Parameters.AddWithValue("DStep", new[] { "s1" });
        durations.Parameters.AddWithValue("DStarted", new[] { "2026-01-01T00:00:00Z" });
        durations.Parameters.AddWithValue("DFinished", new[] { "2026-01-01T00:00:00.005Z" });
        durations.Parameters.AddWithValue("DExecutions", new[] { 1L });
        await durations.ExecuteNonQueryAsync();
    }

    // "resource manager/record type table" of every WAL record between the two LSNs whose block references name one of this
    // schema's funnel tables.
    private static async Task<List<string>> RecordsAsync(NpgsqlConnection connection, string start, string end)
    {
        await using var command = new NpgsqlCommand(
            "SELECT r.resource_manager || '/' || r.record_type || ' ' || t.relname FROM public.pg_get_wal_records_info(@start::pg_lsn, @end::pg_lsn) r " +
            "JOIN pg_class t ON t.relname IN ('funnel_steps', 'funnel_durations') AND t.relnamespace = current_schema()::regnamespace " +
            "AND r.block_ref ~ ('rel [0-9]+/[0-9]+/' || pg_relation_filenode(t.oid) || '([^0-9]|$)')", connection);
        command.Parameters.AddWithValue("start", start);
        command.Parameters.AddWithValue("end", end);
        var records = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            records.Add(reader.GetString(0));
        }

        return records;
    }

    private static async Task<string> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
