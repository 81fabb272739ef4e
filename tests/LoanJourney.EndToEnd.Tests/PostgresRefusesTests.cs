using System.Net;

namespace LoanJourney.EndToEnd.Tests;

/// <summary>
/// The built server pointed at a PostgreSQL that answers but refuses its configuration (walk 42): the start ends with one
/// line on stderr naming the cause, its SqlState, the host and database and what to do, never the password, and exit code
/// 1. Before, the node started, answered readiness 503 "unreachable" and every API call 500 internal, the SqlState only in
/// its log. A PostgreSQL that cannot be reached still lets the node start (nodes may start before their database).
/// </summary>
public sealed class PostgresRefusesTests : IAsyncLifetime, IDisposable
{
    private const string Password = "right-Secret-42";
    private const string WrongPassword = "wrong-Secret-42";
    private readonly PostgresServer _postgres = new();
    private readonly DataFolder _data = new("e2e-pgrefuses");

    public Task InitializeAsync() => _postgres.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _postgres.DisposeAsync();
    }

    public void Dispose() => _data.Dispose();

    [Fact]
    public void ADatabaseThatDoesNotExist_EndsTheStartWithOneLineSayingToCreateIt_AndExitCode1()
    {
        using var server = StartOn(_postgres.ConnectionString("nosuchdb"));

        var line = OneLineAndExitCode1(server);

        Assert.StartsWith("LoanJourney did not start: PostgreSQL refuses this node's configuration (ConnectionStrings:LoanJourney: " +
            $"host 127.0.0.1 port {_postgres.Port}, database nosuchdb, user postgres): 3D000: database \"nosuchdb\" does not exist. " +
            "Create the database (createdb -O postgres nosuchdb, or CREATE DATABASE nosuchdb OWNER postgres): the first node creates the schema in it, not the database itself.",
            line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWrongPassword_EndsTheStartWithOneLineNamingTheRole_NeverThePassword_AndExitCode1()
    {
        await _postgres.CreatePasswordRoleAsync("lj_node", Password);
        var connection = new Npgsql.NpgsqlConnectionStringBuilder(_postgres.ConnectionString("loanjourney_tests"))
        {
            Username = "lj_node",
            Password = WrongPassword,
        }.ConnectionString;
        using var server = StartOn(connection);

        var line = OneLineAndExitCode1(server);

        Assert.StartsWith("LoanJourney did not start: PostgreSQL refuses this node's configuration (ConnectionStrings:LoanJourney: " +
            $"host 127.0.0.1 port {_postgres.Port}, database loanjourney_tests, user lj_node): 28P01: password authentication failed for user \"lj_node\". " +
            "Set the password of the PostgreSQL role lj_node in ConnectionStrings:LoanJourney", line, StringComparison.Ordinal);
        Assert.DoesNotContain(WrongPassword, server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, server.Output, StringComparison.Ordinal);
    }

    // Walk 47: a node of an older build started on a database a newer build had migrated, without a word, and ran. It is
    // refused now (docs/scale-out.md, "Upgrading the nodes"): the newer migration, this build's last and what to do.
    [Fact]
    public async Task ADatabaseANewerBuildMigrated_EndsTheStartWithOneLineNamingBothMigrations_AndExitCode1()
    {
        var schema = await _postgres.CreateSchemaAsync();
        await using (var connection = new Npgsql.NpgsqlConnection(schema))
        {
            await connection.OpenAsync();
            await using var newer = new Npgsql.NpgsqlCommand(
                "CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL); " +
                "INSERT INTO schema_migrations VALUES (9998, '9998_from_a_newer_build.sql', 0)", connection);
            await newer.ExecuteNonQueryAsync();
        }

        using var server = StartOn(schema);

        var line = OneLineAndExitCode1(server);

        Assert.Matches(
            "^LoanJourney did not start: The database's schema is newer than this build: it has migration 9998_from_a_newer_build.sql, " +
            @"which this build does not have \(its last is \d{4}_\w+\.sql\)\. A newer build of LoanJourney migrated it; an older build does not run on a newer schema\. " +
            ".* \\(ConnectionStrings:LoanJourney: host 127\\.0\\.0\\.1 port " + _postgres.Port + ", database loanjourney_tests, user postgres\\)$",
            line.TrimEnd('\r'));
    }

    // Nothing listens on the port: the node starts, as before, and says it is not ready until its database is there.
    [Fact]
    public async Task APostgresThatCannotBeReached_StillLetsTheNodeStart_NotReady()
    {
        var closed = new Npgsql.NpgsqlConnectionStringBuilder(_postgres.ConnectionString("loanjourney_tests")) { Port = FreePort.Next() }.ConnectionString;
        var url = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        using var server = StartOn(closed, url);
        using var client = new HttpClient { BaseAddress = url };

        await server.WaitReadyAsync(client, "/health/live", TimeSpan.FromSeconds(120));

        using var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("\"database\":\"unreachable\"", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private ChildProcess StartOn(string connectionString, Uri? url = null)
    {
        var environment = StackEnvironment.Development(url ?? new Uri($"http://127.0.0.1:{FreePort.Next()}"), _data.Path);
        environment["Storage__Provider"] = "Postgres";
        environment["ConnectionStrings__LoanJourney"] = connectionString;
        return ChildProcess.Start("server", BuiltOutputs.ServerDll, environment);
    }

    private static string OneLineAndExitCode1(ChildProcess server)
    {
        var exitCode = server.WaitForExit(TimeSpan.FromSeconds(120));
        Assert.True(exitCode == 1, $"exit code {exitCode}\n{server}");
        return Assert.Single(server.StandardError.Split('\n'));
    }
}
