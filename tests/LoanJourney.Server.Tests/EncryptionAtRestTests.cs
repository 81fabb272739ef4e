using System.Net;
using System.Text;
using LoanJourney.Engine.Storage;
using LoanJourney.Server.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace LoanJourney.Server.Tests;

/// <summary>Borrower documents in a journey's input, in a signal's payload and in a webhook's never reach the database files in the clear.</summary>
public sealed class EncryptionAtRestTests : IDisposable
{
    private readonly ServerFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task AStatementInTheInputAndInASignal_IsNotInTheDatabaseFiles_AndTheInstanceStillReads()
    {
        var statementMarker = "STATEMENT-" + Guid.NewGuid().ToString("N");
        var signalMarker = "REUPLOAD-" + Guid.NewGuid().ToString("N");
        var api = _factory.CreateApiClient();

        // Bank statements arrive base64-encoded: the input carries the base64 of a PDF-like body holding the marker.
        var statement = Convert.ToBase64String(Encoding.UTF8.GetBytes("%PDF-1.4 " + statementMarker));
        var id = await api.StartAsync("test-review", new
        {
            customerId = "CUST-" + Guid.NewGuid().ToString("N")[..8],
            customer = new { mobile = "9876543210", statements = new[] { new { fileName = "statement.pdf", content = statement } } },
        });
        var waiting = await api.WaitForStatusAsync(id, "Waiting");
        Assert.Equal("XXXXXX3210", waiting["input"]!["customer"]!["mobile"]!.GetValue<string>());

        var signalled = await api.PostAsync($"/api/instances/{id}/signals/decision",
            Api.Json(new { approved = true, files = new[] { Convert.ToBase64String(Encoding.UTF8.GetBytes(signalMarker)) } }));
        Assert.True(signalled.IsSuccessStatusCode, $"signal answered {(int)signalled.StatusCode}");
        var done = await api.WaitForStatusAsync(id, "Completed");
        Assert.Equal("Disbursed", done["outcome"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/instances/{id}")).StatusCode);

        // The columns hold protected text only.
        var database = Path.Combine(_factory.DataDirectory, "server.db");
        await using (var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT input_json, outputs_json FROM instances WHERE id = $id";
            command.Parameters.AddWithValue("$id", id);
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.StartsWith("enc:v1:", reader.GetString(0), StringComparison.Ordinal);
            Assert.StartsWith("enc:v1:", reader.GetString(1), StringComparison.Ordinal);
        }

        // Neither the marker nor the base64 the client sent is anywhere in the database files (main file and WAL).
        var files = DatabaseFiles();
        Assert.Contains(files, f => f.EndsWith("server.db", StringComparison.Ordinal));
        foreach (var file in files)
        {
            var bytes = await ReadSharedAsync(file);
            foreach (var needle in new[] { statementMarker, statement, signalMarker, Convert.ToBase64String(Encoding.UTF8.GetBytes(signalMarker)) })
            {
                Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle)) < 0, $"{Path.GetFileName(file)} holds '{needle}' in the clear");
            }
        }
    }

    // Session 31: a lender's webhook carries the borrower's data (a partner's handshake answer: name, email, phone, address).
    // One that arrives before its journey waits is kept in the inbox protected with the server's keys and leaves the inbox
    // with the commit that hands it to the journey (whose step output holds it, protected); one routed at once to a waiting
    // journey is not written to the inbox at all. Before, the inbox kept both as sent until retention or an erasure.
    [Fact]
    public async Task WebhooksBufferedBeforeTheirWaitOrRoutedAtOnce_AreNotInTheDatabaseFiles_AndReachTheirJourneys()
    {
        var api = _factory.CreateApiClient();
        var webhooks = _factory.CreateClient();
        var early = "EARLY-" + Guid.NewGuid().ToString("N")[..8];
        var onTime = "ONTIME-" + Guid.NewGuid().ToString("N")[..8];
        var earlyMarker = "early.borrower." + Guid.NewGuid().ToString("N") + "@mail.example";
        var onTimeMarker = "ontime.borrower." + Guid.NewGuid().ToString("N") + "@mail.example";
        static string Disbursed(string customer, string email) =>
            $$"""{"customerID":"{{customer}}","entityType":"system","eventDescription":"Loan disbursed","eventType":"loan_disbursed","loanApplicationID":"APP-1","loggedAt":"2026-01-01 10:00:00","journeyType":"personal_loan","source":"test","email":"{{email}}"}""";

        var buffered = await webhooks.PostAsync("/webhooks/finbox", Api.Json(Disbursed(early, earlyMarker)));
        Assert.Equal("Buffered", (await buffered.ReadObjectAsync())["status"]!.GetValue<string>());
        await AssertNotInTheFilesAsync(earlyMarker);

        var late = await api.StartAsync("test-webhook", new { customerId = early });
        await api.WaitForStatusAsync(late, "Completed");
        var waiting = await api.StartAsync("test-webhook", new { customerId = onTime });
        await api.WaitForStatusAsync(waiting, "Waiting");
        var routed = await webhooks.PostAsync("/webhooks/finbox", Api.Json(Disbursed(onTime, onTimeMarker)));
        Assert.Equal("Routed", (await routed.ReadObjectAsync())["status"]!.GetValue<string>());
        await api.WaitForStatusAsync(waiting, "Completed");

        var store = _factory.Services.GetRequiredService<IWorkflowStore>();
        Assert.Contains(earlyMarker, (await store.GetInstanceAsync(late, default))!.OutputsJson, StringComparison.Ordinal);
        Assert.Contains(onTimeMarker, (await store.GetInstanceAsync(waiting, default))!.OutputsJson, StringComparison.Ordinal);
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(_factory.DataDirectory, "server.db")};Mode=ReadOnly;Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM webhook_inbox WHERE (key LIKE $early OR key LIKE $onTime) AND payload_json IS NULL AND consumed_by IS NOT NULL";
            command.Parameters.AddWithValue("$early", "finbox:" + LoanJourney.Engine.Model.PrivacyHash.Of(early) + ":%"); // stored hashed (session 53)
            command.Parameters.AddWithValue("$onTime", "finbox:" + LoanJourney.Engine.Model.PrivacyHash.Of(onTime) + ":%");
            Assert.Equal(2L, (long)(await command.ExecuteScalarAsync())!);
        }

        await AssertNotInTheFilesAsync(earlyMarker, onTimeMarker);
    }

    // The main file and its WAL; not server.db.lock, which holds nothing and which the server holds exclusively (a second open,
    // even to read, is refused: SqliteDatabaseLock).
    private string[] DatabaseFiles() =>
        [.. Directory.GetFiles(_factory.DataDirectory, "server.db*").Where(f => !f.EndsWith(".lock", StringComparison.Ordinal))];

    private async Task AssertNotInTheFilesAsync(params string[] needles)
    {
        foreach (var file in DatabaseFiles())
        {
            var bytes = await ReadSharedAsync(file);
            foreach (var needle in needles)
            {
                Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle)) < 0, $"{Path.GetFileName(file)} holds '{needle}' in the clear");
            }
        }
    }

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
