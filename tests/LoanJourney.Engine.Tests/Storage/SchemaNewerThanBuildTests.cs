using Dapper;
using LoanJourney.Engine.Errors;
using LoanJourney.Engine.Storage.Postgres;
using LoanJourney.Engine.Storage.Sqlite;
using LoanJourney.Engine.Tests.Storage.Postgres;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace LoanJourney.Engine.Tests.Storage;

/// <summary>
/// A database a newer build has migrated (a rolling upgrade's first node applied a migration this build does not have):
/// the store's initialization refuses it, naming the newer migration and this build's last, and applies nothing of its
/// own. Walk 47: a node of the build before migration 0035 started on a 0035 database without a word and ran; an older
/// build cannot tell a migration that only adds columns from one like 0034, after which an older node looked up
/// Idempotency-Keys as sent and started duplicates (docs/scale-out.md, "Upgrading the nodes").
/// </summary>
[Collection(PostgresGroup.Name)]
public sealed class SchemaNewerThanBuildTests(PostgresServer server) : IDisposable
{
    private const string Newer = "9998_from_a_newer_build.sql";

    // This build's last migration, and what a newer build did: its migration applied, and this build's last one taken out by
    // hand, so that a refused start that still migrated would show (both stores' schema_migrations have the same shape).
    private const string LastSql = "SELECT name FROM schema_migrations ORDER BY version DESC LIMIT 1";
    private const string MarkNewerSql =
        "DELETE FROM schema_migrations WHERE name = @last; INSERT INTO schema_migrations (version, name, applied_at) VALUES (9998, @Newer, 0)";
    private const string CountLastSql = "SELECT COUNT(*) FROM schema_migrations WHERE name = @last";
    private readonly string _root = Directory.CreateTempSubdirectory("lj-newer-").FullName;

    [Fact]
    public async Task Postgres_ADatabaseWithAMigrationThisBuildDoesNotHave_IsRefused_AndNothingIsApplied()
    {
        var connectionString = await server.CreateSchemaAsync();
        using (var store = new PostgresWorkflowStore(new PostgresStoreOptions { ConnectionString = connectionString }, TimeProvider.System))
        {
            await store.InitializeAsync(default);
        }

        string last;
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            last = await connection.ExecuteScalarAsync<string>(LastSql) ?? "";
            await connection.ExecuteAsync(MarkNewerSql, new { last, Newer });
        }

        using (var older = new PostgresWorkflowStore(new PostgresStoreOptions { ConnectionString = connectionString }, TimeProvider.System))
        {
            var refused = await Assert.ThrowsAsync<SchemaNewerThanBuildException>(() => older.InitializeAsync(default));

            AssertSays(refused, last);
        }

        await using (var connection = new NpgsqlConnection(connectionString))
        {
            Assert.Equal(0, await connection.ExecuteScalarAsync<long>(CountLastSql, new { last }));
        }
    }

    [Fact]
    public async Task Sqlite_ADatabaseWithAMigrationThisBuildDoesNotHave_IsRefused_AndNothingIsApplied()
    {
        var path = Path.Combine(_root, "newer.db");
        using (var store = new SqliteWorkflowStore(new SqliteStoreOptions { DatabasePath = path }, TimeProvider.System))
        {
            await store.InitializeAsync(default);
        }

        string last;
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            last = await connection.ExecuteScalarAsync<string>(LastSql) ?? "";
            await connection.ExecuteAsync(MarkNewerSql, new { last, Newer });
        }

        using (var older = new SqliteWorkflowStore(new SqliteStoreOptions { DatabasePath = path }, TimeProvider.System))
        {
            var refused = await Assert.ThrowsAsync<SchemaNewerThanBuildException>(() => older.InitializeAsync(default));

            AssertSays(refused, last);
        }

        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            Assert.Equal(0, await connection.ExecuteScalarAsync<long>(CountLastSql, new { last }));
        }
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static void AssertSays(SchemaNewerThanBuildException refused, string last)
    {
        Assert.EndsWith(".sql", last, StringComparison.Ordinal);
        Assert.Equal("schema_newer_than_build", refused.Code);
        Assert.Equal([Newer], refused.Newer);
        Assert.Equal(last, refused.Known);
        Assert.StartsWith(
            $"The database's schema is newer than this build: it has migration {Newer}, which this build does not have (its last is {last}). " +
            "A newer build of LoanJourney migrated it; an older build does not run on a newer schema.",
            refused.Message, StringComparison.Ordinal);
    }
}
