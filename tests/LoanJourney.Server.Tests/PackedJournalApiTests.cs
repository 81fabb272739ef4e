using System.Net;
using LoanJourney.Engine.Storage;
using LoanJourney.Server.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace LoanJourney.Server.Tests;

/// <summary>Issue 17: a finished journey's packed journal answers the management API exactly as its rows did.</summary>
public sealed class PackedJournalApiTests(ServerFactory factory) : IClassFixture<ServerFactory>
{
    private static readonly string[] Pages = ["take=500", "skip=0&take=1", "skip=0&take=2", "skip=2&take=3", "skip=5&take=500", "skip=100&take=5"];

    [Fact]
    public async Task JournalEndpoint_OfAPackedJourney_AnswersEveryPageAsBeforePacking()
    {
        var api = factory.CreateApiClient();
        var id = await api.StartAsync("test-review", new { customerId = "CUST-" + Guid.NewGuid().ToString("N")[..8] });
        await api.WaitForStatusAsync(id, "Waiting");
        Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsync($"/api/instances/{id}/signals/decision", Api.Json(new { approved = true }))).StatusCode);
        await api.WaitForStatusAsync(id, "Completed");
        var before = await ReadPagesAsync(api, id);

        Assert.True(await factory.Services.GetRequiredService<IWorkflowStore>().CompactJournalsAsync(DateTimeOffset.MaxValue, 1000, default) >= 1);

        Assert.Equal(before, await ReadPagesAsync(api, id));
        Assert.Contains("\"kind\":\"SignalReceived\"", before[0], StringComparison.Ordinal);
    }

    // Round 42 (issue 17): packing also compresses the journey's input and outputs before Data Protection protects them
    // (PackedPayload). The Studio's instance view (GET /api/instances/{id}: input, outputs, variables, history) and its
    // journal answer byte for byte as before; the stored columns hold the packed form.
    [Fact]
    public async Task InstanceView_OfAPackedJourney_AnswersAsBeforePacking_AndItsPayloadsAreStoredPacked()
    {
        var api = factory.CreateApiClient();
        var customer = new
        {
            name = "Asha Rao", pan = "ABCDE1234F", mobile = "9876543210", email = "asha.rao@mail.example",
            addresses = Enumerable.Range(1, 3).Select(i => new { line1 = $"{i}2 MG Road", city = "Bengaluru", pincode = "560001", state = "Karnataka" }),
            employment = new { employer = "Example Technologies Private Limited", monthlyIncome = 125000, since = "2019-04-01" },
        };
        var id = await api.StartAsync("test-review", new { customerId = "CUST-" + Guid.NewGuid().ToString("N")[..8], customer });
        await api.WaitForStatusAsync(id, "Waiting");
        var decision = new { approved = true, reviewer = "credit-desk", notes = "Bureau and bank statement consistent; income verified against statement." };
        Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsync($"/api/instances/{id}/signals/decision", Api.Json(decision))).StatusCode);
        await api.WaitForStatusAsync(id, "Completed");
        var before = await api.GetStringAsync(new Uri($"/api/instances/{id}", UriKind.Relative));
        var journalBefore = await ReadPagesAsync(api, id);
        var rawBefore = RawPayloads(id);

        Assert.True(await factory.Services.GetRequiredService<IWorkflowStore>().CompactJournalsAsync(DateTimeOffset.MaxValue, 1000, default) >= 1);

        Assert.Equal(before, await api.GetStringAsync(new Uri($"/api/instances/{id}", UriKind.Relative)));
        Assert.Contains("\"steps\":[{", before, StringComparison.Ordinal); // the history and each step's (masked) output
        Assert.Contains("\"input\":{", before, StringComparison.Ordinal);
        Assert.Equal(journalBefore, await ReadPagesAsync(api, id));
        var rawAfter = RawPayloads(id);
        Assert.StartsWith(PackedPayload.Prefix, rawAfter.Input, StringComparison.Ordinal);
        Assert.StartsWith(PackedPayload.Prefix, rawAfter.Outputs, StringComparison.Ordinal);
        Assert.True(rawAfter.Input.Length + rawAfter.Outputs.Length < rawBefore.Input.Length + rawBefore.Outputs.Length,
            $"packed {rawAfter.Input.Length} + {rawAfter.Outputs.Length}, before {rawBefore.Input.Length} + {rawBefore.Outputs.Length}");
    }

    // Round 43, rule 5: a build without packing, started on a database a packing build migrated, must not misread a packed
    // payload. Its read is the protector's plain Unprotect (unchanged since before round 42): it refuses a packed value
    // with an error rather than answering something else. (Once the newer-schema refusal is merged, such a build does not
    // start at all: 0038_packed_payloads.)
    [Fact]
    public void AnOlderBuildsPlainUnprotect_RefusesAPackedPayload_InsteadOfMisreadingIt()
    {
        var protector = factory.Services.GetRequiredService<IPayloadProtector>();
        var json = "{\"customer\":{\"name\":\"Asha Rao\",\"pan\":\"ABCDE1234F\"},\"notes\":\"" + new string('x', 400) + "\"}";
        var packed = PackedPayload.Pack(protector, protector.Protect(json));

        Assert.NotNull(packed);
        Assert.StartsWith(PackedPayload.Prefix, packed, StringComparison.Ordinal);
        Assert.ThrowsAny<Exception>(() => protector.Unprotect(packed));
        Assert.Equal(json, PackedPayload.Unprotect(protector, packed));
    }

    private (string Input, string Outputs) RawPayloads(string id)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(factory.DataDirectory, "server.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT input_json, outputs_json FROM instances WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        return (reader.GetString(0), reader.GetString(1));
    }

    private static async Task<List<string>> ReadPagesAsync(HttpClient api, string id)
    {
        var pages = new List<string>();
        foreach (var query in Pages)
        {
            using var response = await api.GetAsync($"/api/instances/{id}/journal?{query}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            pages.Add(await response.Content.ReadAsStringAsync());
        }

        return pages;
    }
}
