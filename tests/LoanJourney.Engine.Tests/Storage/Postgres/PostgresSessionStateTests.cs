using LoanJourney.Engine.Storage.Postgres;
using Npgsql;

namespace LoanJourney.Engine.Tests.Storage.Postgres;

/// <summary>
/// The store's pooled connections are not reset when they go back to the pool (<c>No Reset On Close</c>, issue 17), so
/// nothing the store does may leave session state on one. The one session-level lock it takes, the migration lock, is
/// taken on an unpooled connection: once <c>InitializeAsync</c> returns no session holds it, even while the store's pool
/// keeps its idle connections open.
/// </summary>
[Collection(PostgresGroup.Name)]
public sealed class PostgresSessionStateTests(PostgresServer server) : IAsyncLifetime
{
    // pg_locks shows a bigint advisory key as its high and low 32 bits: "LJMIGRAT" = 0x4C4A4D49 0x47524154.
    private const string MigrationLockHeld =
        "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = 1279937865 AND objid = 1196572756 AND objsubid = 1";

    private string _connectionString = "";

    public async Task InitializeAsync() => _connectionString = await server.CreateSchemaAsync();

    public async Task DisposeAsync() => await server.DropSchemaAsync(_connectionString);

    [Fact]
    public async Task NodesMigratingTogether_LeaveTheMigrationLockHeldByNoSession()
    {
        using var first = new PostgresWorkflowStore(new PostgresStoreOptions { ConnectionString = _connectionString }, TimeProvider.System);
        using var second = new PostgresWorkflowStore(new PostgresStoreOptions { ConnectionString = _connectionString }, TimeProvider.System);

        await Task.WhenAll(first.InitializeAsync(default), second.InitializeAsync(default));
        // Both pools now hold an idle connection each.
        var applied = await first.GetAppliedMigrationsAsync();
        Assert.Equal(applied, await second.GetAppliedMigrationsAsync());

        await using var check = new NpgsqlConnection(_connectionString);
        await check.OpenAsync();
        await using var held = new NpgsqlCommand(MigrationLockHeld, check);
        Assert.Equal(0L, (long)(await held.ExecuteScalarAsync())!);
        await using var pooled = new NpgsqlCommand(
            "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'", check);
        Assert.True((long)(await pooled.ExecuteScalarAsync())! >= 2, "the stores' pools kept no idle connection: the check above would prove nothing");
    }

    [Fact]
    public async Task Migrating_OutlastsTheConnectionStringsCommandTimeout()
    {
        // A migration that runs longer than the configured command timeout: here it waits on the migration lock another
        // session holds (a back-fill over a long history is the real case), with a one-second timeout configured.
        var oneSecond = new NpgsqlConnectionStringBuilder(_connectionString) { CommandTimeout = 1 }.ConnectionString;
        await using var holder = new NpgsqlConnection(_connectionString);
        await holder.OpenAsync();
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(5497291272283636052)", holder))
        {
            await take.ExecuteNonQueryAsync();
        }

        using var store = new PostgresWorkflowStore(new PostgresStoreOptions { ConnectionString = oneSecond }, TimeProvider.System);
        var migrating = store.InitializeAsync(default);

        // Until the store's migration has waited well past its connection string's timeout (or failed on it).
        await using var probe = new NpgsqlCommand(
            "SELECT COALESCE(MAX(EXTRACT(EPOCH FROM now() - query_start)), 0) FROM pg_stat_activity " +
            "WHERE wait_event_type = 'Lock' AND query LIKE 'SELECT pg_advisory_lock(%'", holder);
        while (!migrating.IsCompleted && Convert.ToDouble(await probe.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) < 3)
        {
            await Task.Delay(50);
        }

        Assert.False(migrating.IsFaulted, $"the migration failed while it waited: {migrating.Exception?.GetBaseException().Message}");
        await using (var release = new NpgsqlCommand("SELECT pg_advisory_unlock(5497291272283636052)", holder))
        {
            await release.ExecuteNonQueryAsync();
        }

        await migrating;
        Assert.NotEmpty(await store.GetAppliedMigrationsAsync());
    }
}
