using System.Net;
using LoanJourney.Server.Tests.Support;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace LoanJourney.Server.Tests.Privacy;

/// <summary>
/// docs/server.md, "Erasure": an erasure whose freed space the store could not purge says why, as a stable code, in its answer
/// (<c>purgeFailure</c>) and in the request's audit entry. Session 50: <c>freedSpacePurged: false</c> carried no reason, and the
/// Studio's receipt always blamed a reader, also for a disk without room for the VACUUM (<c>diskFull</c>, tested in the store:
/// SqliteWorkflowStoreContractTests). Here a reader of the real server's SQLite file (a backup tool, an operator's sqlite3
/// shell) holds a snapshot while the erasure runs: <c>busy</c>. Once it lets go, the same erasure again purges.
/// </summary>
public sealed class ErasurePurgeFailureTests : IDisposable
{
    private readonly ServerFactory _factory;
    private readonly HttpClient _admin;

    public ErasurePurgeFailureTests()
    {
        var settings = TestPrincipals.Settings();
        // The purge's checkpoint waits this long for the reader before it answers busy.
        settings["Engine:BusyTimeout"] = "00:00:00.200";
        _factory = new ServerFactory(settings);
        _admin = _factory.CreateClient(TestPrincipals.KeyOf("Admin"));
    }

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task AnErasureWhosePurgeAReaderHeldOff_SaysBusy_InItsAnswerAndAuditEntry_AndTheNextErasurePurges()
    {
        var customer = "CUST-" + Guid.NewGuid().ToString("N")[..8];
        var id = await _admin.StartAsync("test-review", new { customerId = customer });
        await _admin.WaitForStatusAsync(id, "Waiting");

        await using (var reader = new SqliteConnection($"Data Source={Path.Combine(_factory.DataDirectory, "server.db")};Pooling=False"))
        {
            await reader.OpenAsync();
            await using var snapshot = reader.BeginTransaction(deferred: true);
            using (var read = reader.CreateCommand())
            {
                read.Transaction = snapshot;
                read.CommandText = "SELECT COUNT(*) FROM instances";
                Assert.True((long)(await read.ExecuteScalarAsync())! >= 1);
            }

            var held = await _admin.PostAsync($"/api/borrowers/{customer}/erasure", Api.Json(new { reason = "DPDP request 50", cancelFirst = true }));

            Assert.Equal(HttpStatusCode.OK, held.StatusCode);
            var answer = await held.ReadObjectAsync();
            Assert.Equal([id], answer["redacted"]!.AsArray().Select(r => r!.GetValue<string>()));
            Assert.Equal((false, "busy"), (answer["freedSpacePurged"]!.GetValue<bool>(), answer["purgeFailure"]?.GetValue<string>()));
        }

        var entry = Assert.Single(await RequestEntriesAsync())!;
        Assert.Equal((false, "busy"), (entry["data"]!["freedSpacePurged"]!.GetValue<bool>(), entry["data"]!["purgeFailure"]!.GetValue<string>()));

        // Nothing holds the file now: the same erasure (nothing left to redact) purges, and its entry carries no failure.
        var again = await (await _admin.PostAsync($"/api/borrowers/{customer}/erasure", Api.Json(new { reason = "DPDP request 50, again" }))).ReadObjectAsync();
        Assert.Equal((true, null), (again["freedSpacePurged"]!.GetValue<bool>(), again["purgeFailure"]?.GetValue<string>()));
        Assert.True(again.ContainsKey("purgeFailure"), "the answer always has purgeFailure (null when purged)");
        var entries = await RequestEntriesAsync();
        Assert.Equal(2, entries.Count);
        Assert.Single(entries, e => e!["data"]!["purgeFailure"] is null);
    }

    // The erasure request's own entries (the per-journey ones name an instance).
    private async Task<List<System.Text.Json.Nodes.JsonNode?>> RequestEntriesAsync() =>
        (await (await _admin.GetAsync("/api/audit?action=erasure")).ReadObjectAsync())["items"]!.AsArray()
            .Where(e => e!["instanceId"] is null).ToList();
}

/// <summary>
/// The same on a real PostgreSQL (docs/server.md, "Erasure"): session 50's first cut answered the reason on SQLite only, while
/// PostgreSQL's VACUUM threw, so an erasure whose redaction had committed answered 503 (a lock held past the command timeout)
/// or 500 and lost its answer and its request's audit entry. Here another connection holds <c>SHARE UPDATE EXCLUSIVE</c> on
/// <c>instances</c> (what a migration, a REINDEX CONCURRENTLY or an operator's <c>LOCK TABLE</c> takes), which VACUUM needs:
/// its <c>lock_timeout</c> (<c>Engine:BusyTimeout</c>) ends the wait, and the erasure answers <c>busy</c>, committed.
/// </summary>
public sealed class PostgresErasurePurgeFailureTests : IAsyncLifetime
{
    private readonly PostgresServer _postgres = new();

    public Task InitializeAsync() => _postgres.InitializeAsync();

    public Task DisposeAsync() => _postgres.DisposeAsync();

    [Fact]
    public async Task AnErasureWhoseVacuumALockHeldOff_SaysBusy_WithTheRedactionCommitted_AndTheNextErasurePurges_OnPostgres()
    {
        var connectionString = await _postgres.CreateSchemaAsync();
        var settings = TestPrincipals.Settings();
        settings["Storage:Provider"] = "Postgres";
        settings["ConnectionStrings:LoanJourney"] = connectionString;
        settings["Engine:BusyTimeout"] = "00:00:00.200";
        using var factory = new ServerFactory(settings);
        var admin = factory.CreateClient(TestPrincipals.KeyOf("Admin"));
        var customer = "CUST-" + Guid.NewGuid().ToString("N")[..8];
        var id = await admin.StartAsync("test-review", new { customerId = customer });
        await admin.WaitForStatusAsync(id, "Waiting");

        await using (var holder = new NpgsqlConnection(connectionString))
        {
            await holder.OpenAsync();
            await using var tx = await holder.BeginTransactionAsync();
            await using (var lockTable = new NpgsqlCommand("LOCK TABLE instances IN SHARE UPDATE EXCLUSIVE MODE", holder, tx))
            {
                await lockTable.ExecuteNonQueryAsync();
            }

            var held = await admin.PostAsync($"/api/borrowers/{customer}/erasure", Api.Json(new { reason = "DPDP request 50", cancelFirst = true }));

            Assert.Equal(HttpStatusCode.OK, held.StatusCode);
            var answer = await held.ReadObjectAsync();
            Assert.Equal([id], answer["redacted"]!.AsArray().Select(r => r!.GetValue<string>()));
            Assert.Equal((false, "busy"), (answer["freedSpacePurged"]!.GetValue<bool>(), answer["purgeFailure"]?.GetValue<string>()));

            // Committed: another connection sees the journey redacted and the borrower's id gone, while the lock is still held.
            await using var read = new NpgsqlCommand("SELECT redacted_at IS NOT NULL AND correlation_id <> @customer FROM instances WHERE id = @id", holder, tx);
            read.Parameters.AddWithValue("customer", customer);
            read.Parameters.AddWithValue("id", id);
            Assert.True((bool)(await read.ExecuteScalarAsync())!);
        }

        var entry = Assert.Single(await RequestEntriesAsync(admin))!;
        Assert.Equal((false, "busy"), (entry["data"]!["freedSpacePurged"]!.GetValue<bool>(), entry["data"]!["purgeFailure"]!.GetValue<string>()));

        // The lock is gone: the same erasure (nothing left to redact) purges, and its entry carries no failure.
        var again = await (await admin.PostAsync($"/api/borrowers/{customer}/erasure", Api.Json(new { reason = "DPDP request 50, again" }))).ReadObjectAsync();
        Assert.Equal((true, null), (again["freedSpacePurged"]!.GetValue<bool>(), again["purgeFailure"]?.GetValue<string>()));
        var entries = await RequestEntriesAsync(admin);
        Assert.Equal(2, entries.Count);
        Assert.Single(entries, e => e!["data"]!["purgeFailure"] is null);
    }

    private static async Task<List<System.Text.Json.Nodes.JsonNode?>> RequestEntriesAsync(HttpClient admin) =>
        (await (await admin.GetAsync("/api/audit?action=erasure")).ReadObjectAsync())["items"]!.AsArray()
            .Where(e => e!["instanceId"] is null).ToList();
}
