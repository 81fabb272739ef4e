using System.Net;
using System.Security.Cryptography;
using System.Text;
using LoanJourney.Engine.Runtime;
using LoanJourney.Engine.Storage;
using LoanJourney.Server.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace LoanJourney.Server.Tests;

public sealed class WebhookTests(ServerFactory factory) : IClassFixture<ServerFactory>
{
    private readonly HttpClient _api = factory.CreateApiClient();

    private static string Disbursed(string customer) =>
        $$"""{"customerID":"{{customer}}","entityType":"system","eventDescription":"Loan disbursed","eventType":"loan_disbursed","loanApplicationID":"APP-1","loggedAt":"2026-01-01 10:00:00","journeyType":"personal_loan","source":"test"}""";

    [Fact]
    public async Task FinBoxWebhookResumesTheWaitingJourney_WithoutAnApiKey()
    {
        var customer = "WH-" + Guid.NewGuid().ToString("N")[..8];
        var id = await _api.StartAsync("test-webhook", new { customerId = customer });
        await _api.WaitForStatusAsync(id, "Waiting");

        var response = await factory.CreateClient().PostAsync("/webhooks/finbox", Api.Json(Disbursed(customer)));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("Routed", (await response.ReadObjectAsync())["status"]!.GetValue<string>());
        Assert.Equal("Disbursed", (await _api.WaitForStatusAsync(id, "Completed"))["outcome"]!.GetValue<string>());
    }

    [Fact]
    public async Task DuplicateWebhookMovesJourneyOnce()
    {
        var customer = "DUP-" + Guid.NewGuid().ToString("N")[..8];
        var id = await _api.StartAsync("test-webhook", new { customerId = customer });
        await _api.WaitForStatusAsync(id, "Waiting");
        var anonymous = factory.CreateClient();

        var statuses = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var response = await anonymous.PostAsync("/webhooks/finbox", Api.Json(Disbursed(customer)));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            statuses.Add((await response.ReadObjectAsync())["status"]!.GetValue<string>());
        }

        await _api.WaitForStatusAsync(id, "Completed");
        var journal = await (await _api.GetAsync($"/api/instances/{id}/journal")).ReadObjectAsync();
        Assert.Equal(["Routed", "Duplicate", "Duplicate"], statuses);
        Assert.Single(journal["items"]!.AsArray(), e => e!["kind"]!.GetValue<string>() == "WebhookReceived");
    }

    [Fact]
    public async Task WebhookArrivingBeforeTheWaitIsKeptAndConsumed()
    {
        var customer = "EARLY-" + Guid.NewGuid().ToString("N")[..8];
        var early = await factory.CreateClient().PostAsync("/webhooks/finbox", Api.Json(Disbursed(customer)));
        Assert.Equal("Buffered", (await early.ReadObjectAsync())["status"]!.GetValue<string>());

        var id = await _api.StartAsync("test-webhook", new { customerId = customer });

        await _api.WaitForStatusAsync(id, "Completed");
    }

    [Theory]
    [InlineData("""{"eventType":"loan_disbursed"}""", "customerID")]
    [InlineData("""{"customerID":"C1"}""", "eventType")]
    [InlineData("""{"customerID":"C1","eventType":""}""", "eventType")]
    [InlineData("""{"customerID":""", "body")]
    public async Task MalformedFinBoxWebhookIs400AndStoredNowhere(string body, string field)
    {
        await (await factory.CreateClient().PostAsync("/webhooks/finbox", Api.Json(body))).AssertProblemAsync(HttpStatusCode.BadRequest, field);
    }

    [Theory]
    [InlineData("""{"customerID":"C1","customerID":"C2","eventType":"loan_disbursed"}""", "body")]
    [InlineData("""{"customerID":"C1","eventType":"loan_disbursed","loggedAt":20260101}""", "loggedAt")]
    [InlineData("""{"customerID":12345,"eventType":"loan_disbursed"}""", "customerID")]
    [InlineData("""[{"customerID":"C1","eventType":"loan_disbursed"}]""", "body")]
    [InlineData("""{"customerID":"C1","eventType":"loan_disbursed"} {}""", "body")]
    [InlineData("   ", "body")]
    public async Task AmbiguousOrMistypedFinBoxWebhookIs400NamingTheField_AndStoredNowhere(string body, string field)
    {
        await (await factory.CreateClient().PostAsync("/webhooks/finbox", Api.Json(body))).AssertProblemAsync(HttpStatusCode.BadRequest, field);

        Assert.Equal(0, await InboxCountAsync("C1") + await InboxCountAsync("12345"));
    }

    [Fact]
    public async Task TheInboxKeepsTheBodyAsSent_ParsedOnceAndNotWrittenAgain()
    {
        var customer = "RAW-" + Guid.NewGuid().ToString("N")[..8];
        var body = "\n  { \"eventType\" : \"loan_disbursed\",\n    \"customerID\": \"" + customer + "\", \"note\": \"caf\u00e9 \\u00e9\", \"n\": 1.50 }\n";

        var response = await factory.CreateClient().PostAsync("/webhooks/finbox", Api.Json(body));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var stored = Assert.Single(await InboxPayloadsAsync(customer));
        Assert.StartsWith(PayloadProtection.Prefix, stored, StringComparison.Ordinal); // buffered: protected with the server's keys (session 31)
        Assert.Equal(body, factory.Services.GetRequiredService<IPayloadProtector>().Unprotect(stored!));
    }

    [Fact]
    public async Task MalformedWebhookDoesNotMoveTheJourney()
    {
        var customer = "BAD-" + Guid.NewGuid().ToString("N")[..8];
        var id = await _api.StartAsync("test-webhook", new { customerId = customer });
        await _api.WaitForStatusAsync(id, "Waiting");

        await factory.CreateClient().PostAsync("/webhooks/finbox", Api.Json($$"""{"customerID":"{{customer}}"}"""));

        Assert.Equal("Waiting", (await _api.GetInstanceAsync(id))["status"]!.GetValue<string>());
    }

    private async Task<int> InboxCountAsync(string customer) => (await InboxPayloadsAsync(customer)).Count;

    private async Task<List<string?>> InboxPayloadsAsync(string customer)
    {
        // A refused webhook is answered without the store, so the first test of the class can get here while the server's
        // migrations still run (CI session 39: "no such table: webhook_inbox"); the database is read once they are done.
        await factory.Services.GetRequiredService<EngineInitializer>().EnsureInitializedAsync();
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(factory.DataDirectory, "server.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT payload_json FROM webhook_inbox WHERE key LIKE $key ORDER BY received_at";
        command.Parameters.AddWithValue("$key", "finbox:" + LoanJourney.Engine.Model.PrivacyHash.Of(customer) + ":%"); // stored hashed (session 53)
        var payloads = new List<string?>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            payloads.Add(reader.IsDBNull(0) ? null : reader.GetString(0));
        }

        return payloads;
    }

    [Fact]
    public async Task PartnerHandshakeResultGoesToTheInbox_AndMissingHandshakeIdIs400()
    {
        var anonymous = factory.CreateClient();
        var ok = await anonymous.PostAsync("/webhooks/partner/handshake", Api.Json("""{"status":"1","handshake_id":"HS-1","verified_customer_ref_id":"V-1"}"""));
        Assert.Equal(HttpStatusCode.Accepted, ok.StatusCode);
        Assert.Equal("Buffered", (await ok.ReadObjectAsync())["status"]!.GetValue<string>());

        await (await anonymous.PostAsync("/webhooks/partner/handshake", Api.Json("""{"status":"1"}"""))).AssertProblemAsync(HttpStatusCode.BadRequest, "handshake_id");
    }
}

public sealed class WebhookSecretTests : IDisposable
{
    private const string Secret = "s3cret-for-tests";
    private readonly ServerFactory _factory = new(new Dictionary<string, string?>
    {
        ["Webhook:FinBox:Secret"] = Secret,
        ["Webhook:Partner:Secret"] = Secret,
    });

    public void Dispose() => _factory.Dispose();

    private const string Body = """{"customerID":"SEC-1","eventType":"loan_approved","loggedAt":"2026-01-01 10:00:00"}""";

    private Task<HttpResponseMessage> PostAsync(string path, string body, string? secret, string? signature = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Api.Json(body) };
        if (secret is not null)
        {
            request.Headers.Add("X-Webhook-Secret", secret);
        }

        if (signature is not null)
        {
            request.Headers.Add("X-Webhook-Signature", signature);
        }

        return _factory.CreateClient().SendAsync(request);
    }

    private static string Sign(string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(body)));

    [Fact]
    public async Task WebhookWithoutTheSecretIsRefused() =>
        await (await PostAsync("/webhooks/finbox", Body, null)).AssertProblemAsync(HttpStatusCode.Unauthorized);

    [Fact]
    public async Task WebhookWithAWrongSecretIsRefused() =>
        await (await PostAsync("/webhooks/partner/handshake", """{"status":"1","handshake_id":"H"}""", "wrong")).AssertProblemAsync(HttpStatusCode.Unauthorized);

    [Fact]
    public async Task WebhookWithTheSecretIsAccepted() =>
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync("/webhooks/finbox", Body, Secret)).StatusCode);

    [Fact]
    public async Task WebhookSignedLikeTheSandboxIsAccepted_AndABadSignatureRefused()
    {
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync("/webhooks/finbox", Body, Secret, Sign(Body))).StatusCode);
        await (await PostAsync("/webhooks/finbox", Body, Secret, Sign(Body + " "))).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }
}
