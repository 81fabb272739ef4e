using System.Net;
using System.Text.Json.Nodes;
using LoanJourney.Server.Tests.Support;
using Microsoft.Data.Sqlite;

namespace LoanJourney.Server.Tests.Hosting;

/// <summary>
/// A server whose database a newer build has migrated, where the start does not stop it (SQLite initializes at first use;
/// a PostgreSQL node whose database was unreachable at its start): readiness says why, <c>"database":"newer_schema"</c>,
/// and every call answers <c>503 schema_newer_than_build</c> with the message that names the migration; it used to run on
/// the newer schema (walk 47; docs/scale-out.md, "Upgrading the nodes").
/// </summary>
public sealed class SchemaNewerThanBuildTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("lj-newer-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task ADatabaseANewerBuildMigrated_IsNotReady_AndEveryCallSaysWhy()
    {
        var database = Path.Combine(_directory, "server.db");
        using (var connection = new SqliteConnection($"Data Source={database};Pooling=False"))
        {
            connection.Open();
            using var newer = connection.CreateCommand();
            newer.CommandText = "CREATE TABLE schema_migrations (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL); " +
                "INSERT INTO schema_migrations VALUES (9998, '9998_from_a_newer_build.sql', 0);";
            newer.ExecuteNonQuery();
        }

        using var server = new ServerFactory(new Dictionary<string, string?>
        {
            ["Engine:DatabasePath"] = database,
            ["Server:DataProtectionKeysPath"] = Path.Combine(_directory, "keys"),
        });
        using var client = server.CreateApiClient();

        using var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        var health = JsonNode.Parse(await ready.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("newer_schema", (string?)health["database"]);
        Assert.Contains("9998_from_a_newer_build.sql", (string?)health["error"], StringComparison.Ordinal);

        using var list = await client.GetAsync(new Uri("/api/instances", UriKind.Relative));
        var problem = JsonNode.Parse(await list.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.ServiceUnavailable, list.StatusCode);
        Assert.Equal("schema_newer_than_build", (string?)problem["code"]);
        Assert.StartsWith("The database's schema is newer than this build: it has migration 9998_from_a_newer_build.sql,",
            (string?)problem["detail"], StringComparison.Ordinal);
    }
}
