using System.Net;
using LoanJourney.Server.Tests.Support;
using Microsoft.Data.Sqlite;

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
