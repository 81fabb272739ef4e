using System.Net;
using System.Security.Cryptography;
using System.Text;
using LoanJourney.Activities.Partner;
using LoanJourney.Server.Tests.Support;

namespace LoanJourney.Server.Tests.Webhooks;

/// <summary>
/// A webhook secret or URL token is rotated without refusing a single post (docs/server.md, "Rotating webhook secrets"):
/// the previous one stays accepted beside the new until the sender has moved, and each post it verified says so on its
/// request log line. For the partner this is what keeps handshakes already in flight answerable: their callback URLs were
/// made with the previous key.
/// </summary>
public sealed class WebhookRotationTests : IDisposable
{
    private const string OldSecret = "finbox-secret-before-the-rotation-0123456789";
    private const string NewSecret = "finbox-secret-after-the-rotation-9876543210";
    private const string OldPartnerKey = "partner-callback-key-before-0123456789abcdef";
    private const string NewPartnerKey = "partner-callback-key-after-9876543210fedcba";
    private const string OldFinBoxToken = "finbox-url-token-before-0123456789abcdef0123";
    private const string NewFinBoxToken = "finbox-url-token-after-9876543210fedcba9876";

    private readonly string _logs = Path.Combine(Path.GetTempPath(), "lj-rotation-logs-" + Guid.NewGuid().ToString("N"));
    private readonly List<ServerFactory> _servers = [];

    public void Dispose()
    {
        _servers.ForEach(s => s.Dispose());
        try
        {
            Directory.Delete(_logs, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    private ServerFactory Server(Dictionary<string, string?> settings)
    {
        settings["Serilog:File:Path"] = Path.Combine(_logs, Guid.NewGuid().ToString("N"), "server-.json");
        var server = new ServerFactory(settings);
        _servers.Add(server);
        return server;
    }

    private static string Disbursed(string customer) =>
        $$"""{"customerID":"{{customer}}","entityType":"system","eventType":"loan_disbursed","loanApplicationID":"APP-1","loggedAt":"2026-01-01 10:00:00"}""";

    private static string Sign(string secret, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));

    private static Task<HttpResponseMessage> PostAsync(ServerFactory server, string path, string body, string secret, string? signedWith)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Api.Json(body) };
        request.Headers.Add("X-Webhook-Secret", secret);
        if (signedWith is not null)
        {
            request.Headers.Add("X-Webhook-Signature", Sign(signedWith, body));
        }

        return server.CreateClient().SendAsync(request);
    }

    [Fact]
    public async Task ASecretRotatedMidJourney_ThePreviousStillResumesIt_ThePostSaysSo_AndItsSignatureIsCheckedWithIt()
    {
        var server = Server(new() { ["Webhook:FinBox:Secret"] = NewSecret, ["Webhook:FinBox:PreviousSecrets:0"] = OldSecret, ["Webhook:FinBox:RequireSignature"] = "true" });
        var api = server.CreateApiClient();
        var customer = "ROT-" + Guid.NewGuid().ToString("N")[..8];
        var id = await api.StartAsync("test-webhook", new { customerId = customer });
        await api.WaitForStatusAsync(id, "Waiting");

        // Refused: a secret that was never ours, and the old secret's header with the new secret's signature.
        await (await PostAsync(server, "/webhooks/finbox", Disbursed(customer), "not-a-secret-of-ours", "not-a-secret-of-ours")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await PostAsync(server, "/webhooks/finbox", Disbursed(customer), OldSecret, NewSecret)).AssertProblemAsync(HttpStatusCode.Unauthorized);

        // FinBox has not switched yet: its post with the previous secret moves the journey.
        var accepted = await PostAsync(server, "/webhooks/finbox", Disbursed(customer), OldSecret, OldSecret);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal("Disbursed", (await api.WaitForStatusAsync(id, "Completed"))["outcome"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(server, "/webhooks/finbox", Disbursed("ROT-NEW"), NewSecret, NewSecret)).StatusCode);

        // The request lines: the previous secret's post says so; the new secret's does not; no secret is written.
        var lines = (await ReadLogsAsync()).Split('\n').Where(l => l.Contains("\"WebhookSource\":\"finbox\"", StringComparison.Ordinal)).ToList();
        Assert.Single(lines, l => l.Contains("\"WebhookVerifiedWith\":\"previous-secret\"", StringComparison.Ordinal));
        Assert.Equal(2, lines.Count);
        Assert.DoesNotContain(OldSecret, string.Join('\n', lines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task APartnerKeyRotated_HandshakesInFlightStillAnswer_ThroughTheUrlsTheyWereGiven()
    {
        var inFlight = HandshakeCallbackToken.CallbackPath(OldPartnerKey, "hs-before");
        var made = HandshakeCallbackToken.CallbackPath(NewPartnerKey, "hs-after");
        const string Before = """{"status":"1","handshake_id":"hs-before","verified_customer_ref_id":"V-1"}""";

        // Without the previous key the rotation strands every handshake made before it.
        var stranding = Server(new() { ["Webhook:Partner:UrlToken"] = NewPartnerKey });
        await (await stranding.CreateClient().PostAsync(inFlight, Api.Json(Before))).AssertProblemAsync(HttpStatusCode.Unauthorized);

        var server = Server(new() { ["Webhook:Partner:UrlToken"] = NewPartnerKey, ["Webhook:Partner:PreviousUrlTokens:0"] = OldPartnerKey });
        var anonymous = server.CreateClient();
        Assert.Equal(HttpStatusCode.Accepted, (await anonymous.PostAsync(inFlight, Api.Json(Before))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await anonymous.PostAsync(made, Api.Json("""{"status":"1","handshake_id":"hs-after"}"""))).StatusCode);

        // Still bound to its handshake, whichever key made it.
        await (await anonymous.PostAsync(inFlight, Api.Json("""{"status":"1","handshake_id":"hs-after"}"""))).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.PostAsync(HandshakeCallbackToken.CallbackPath("a-key-never-ours-0123456789abcdef", "hs-before"), Api.Json(Before)))
            .AssertProblemAsync(HttpStatusCode.Unauthorized);
        var accepted = (await ReadLogsAsync()).Split('\n').Where(l => l.Contains("\"StatusCode\":202", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, accepted.Count);
        Assert.Single(accepted, l => l.Contains("\"WebhookVerifiedWith\":\"previous-url-token\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AFinBoxUrlTokenRotated_TheDashboardsOldUrlWorksUntilItIsRemoved()
    {
        var server = Server(new() { ["Webhook:FinBox:UrlToken"] = NewFinBoxToken, ["Webhook:FinBox:PreviousUrlTokens:0"] = OldFinBoxToken });
        var anonymous = server.CreateClient();
        Assert.Equal(HttpStatusCode.Accepted, (await anonymous.PostAsync("/webhooks/finbox/" + OldFinBoxToken, Api.Json(Disbursed("ROT-URL-1")))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await anonymous.PostAsync("/webhooks/finbox/" + NewFinBoxToken, Api.Json(Disbursed("ROT-URL-2")))).StatusCode);
        await (await anonymous.PostAsync("/webhooks/finbox/" + OldFinBoxToken[..^1], Api.Json(Disbursed("ROT-URL-3")))).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.PostAsync("/webhooks/finbox", Api.Json(Disbursed("ROT-URL-4")))).AssertProblemAsync(HttpStatusCode.Unauthorized);

        var removed = Server(new() { ["Webhook:FinBox:UrlToken"] = NewFinBoxToken });
        await (await removed.CreateClient().PostAsync("/webhooks/finbox/" + OldFinBoxToken, Api.Json(Disbursed("ROT-URL-5")))).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    private Task<string> ReadLogsAsync() => LogFiles.ReadAsync(_logs);
}
