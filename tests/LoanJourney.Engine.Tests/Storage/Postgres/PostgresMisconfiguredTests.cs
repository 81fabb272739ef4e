using LoanJourney.Engine.Storage;
using LoanJourney.Engine.Storage.Postgres;
using Npgsql;

namespace LoanJourney.Engine.Tests.Storage.Postgres;

/// <summary>
/// <see cref="StoreMisconfigured"/> on the errors a real PostgreSQL gives the store's own initialization: a database that
/// does not exist, a role that does not exist, a wrong password, a role without the privilege to create the schema's
/// tables. None of them is <see cref="StoreUnavailable"/> (what counts as an outage is unchanged), and a PostgreSQL that
/// cannot be reached is an outage, not a configuration fault.
/// </summary>
[Collection(PostgresGroup.Name)]
public sealed class PostgresMisconfiguredTests(PostgresServer server)
{
    [Fact]
    public async Task ADatabaseThatDoesNotExist_Is3D000_Misconfigured() =>
        await AssertMisconfiguredAsync(server.ConnectionString("nosuchdb_" + Guid.NewGuid().ToString("N")[..8]), "3D000");

    [Fact]
    public async Task ARoleThatDoesNotExist_Is28000_Misconfigured() =>
        await AssertMisconfiguredAsync(new NpgsqlConnectionStringBuilder(server.ConnectionString("loanjourney_tests")) { Username = "no_such_role" }.ConnectionString, "28000");

    [Fact]
    public async Task AWrongPassword_Is28P01_Misconfigured()
    {
        var role = "lj_pw_" + Guid.NewGuid().ToString("N")[..8];
        await server.CreatePasswordRoleAsync(role, "right-Secret-42");
        await AssertMisconfiguredAsync(
            new NpgsqlConnectionStringBuilder(server.ConnectionString("loanjourney_tests")) { Username = role, Password = "wrong-Secret-42" }.ConnectionString, "28P01");
    }

    // PostgreSQL 15: a role that owns neither the database nor the schema may not create tables in it.
    [Fact]
    public async Task ARoleWithoutCreateOnTheSchema_Is42501_Misconfigured()
    {
        var role = "lj_nocreate_" + Guid.NewGuid().ToString("N")[..8];
        var schema = new NpgsqlConnectionStringBuilder(await server.CreateSchemaAsync());
        await using (var admin = new NpgsqlConnection(server.ConnectionString("loanjourney_tests")))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE ROLE {role} LOGIN; GRANT USAGE ON SCHEMA {schema.SearchPath} TO {role}", admin);
            await create.ExecuteNonQueryAsync();
        }

        await AssertMisconfiguredAsync(new NpgsqlConnectionStringBuilder(schema.ConnectionString) { Username = role }.ConnectionString, "42501");
    }

    [Fact]
    public async Task APostgresThatCannotBeReached_IsUnavailable_NotMisconfigured()
    {
        var closed = new NpgsqlConnectionStringBuilder(server.ConnectionString("loanjourney_tests")) { Port = FreePort.Next() }.ConnectionString;
        var error = await InitializeAsync(closed);

        Assert.False(StoreMisconfigured.Is(error), error.ToString());
        Assert.True(StoreUnavailable.Is(error), error.ToString());
    }

    private static async Task AssertMisconfiguredAsync(string connectionString, string sqlState)
    {
        var error = await InitializeAsync(connectionString);

        Assert.True(StoreMisconfigured.Is(error), error.ToString());
        Assert.Equal(sqlState, StoreMisconfigured.Find(error)!.SqlState);
        Assert.False(StoreUnavailable.Is(error), error.ToString());
    }

    private static async Task<Exception> InitializeAsync(string connectionString)
    {
        using var store = new PostgresWorkflowStore(new PostgresStoreOptions { ConnectionString = connectionString }, TimeProvider.System);
        return await Assert.ThrowsAnyAsync<Exception>(() => store.InitializeAsync(default));
    }
}
