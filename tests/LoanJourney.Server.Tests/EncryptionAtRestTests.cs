using System.Net;
using System.Text;
using LoanJourney.Server.Tests.Support;
using Microsoft.Data.Sqlite;

namespace LoanJourney.Server.Tests;

/// <summary>Borrower documents in a journey's input and in a signal's payload never reach the database files in the clear.</summary>
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
        var files = Directory.GetFiles(_factory.DataDirectory, "server.db*");
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

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
