using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using LoanJourney.Server.Tests.Support;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;

namespace LoanJourney.Server.Tests.Webhooks;

/// <summary>
/// Each sourcing partner answers its own journeys' handshakes with its own inbound secret (<c>Webhook:Partners:&lt;partner&gt;</c>),
/// and what the engine sends a partner is signed per Standard Webhooks (<c>Lenders:Partners:&lt;partner&gt;:SigningSecret</c>):
/// docs/server.md, "Each partner's own inbound secret" and "Signed requests to a partner". Everything over real HTTP: the server
/// on a loopback port, each partner's API a receiver on its own. Until session 46 one shared <c>Webhook:Partner:Secret</c>
/// verified every partner's callbacks (acme could move zeta's journey), and the token share carried no signature.
/// </summary>
public sealed class PartnerInboundSecretTests : IAsyncLifetime, IDisposable
{
    private const string SharedSecret = "shared-partner-secret-0123456789";
    private const string AcmeSecret = "acme-inbound-secret-0123456789";
    private const string AcmePrevious = "acme-inbound-before-rotation-0123";
    private const string ZetaSecret = "zeta-inbound-secret-0123456789";

    // Standard Webhooks secrets: whsec_ + base64 of 32 bytes.
    private static readonly string AcmeSigning = "whsec_" + Convert.ToBase64String(Encoding.ASCII.GetBytes("acme-signing-key-0123456789abcdef"[..32]));

    private PartnerApis _partners = null!;
    private ServerFactory? _server;

    public async Task InitializeAsync() => _partners = await PartnerApis.StartAsync("lj-partnerin-", asyncHandshake: true);

    public void Dispose() => _server?.Dispose();

    public async Task DisposeAsync()
    {
        _server?.Dispose();
        await _partners.DisposeAsync();
    }

    private void Start(bool ownSecrets)
    {
        var settings = PartnerOutbound.Settings();
        settings["Serilog:File:Path"] = Path.Combine(_partners.Logs, "server-.json");
        settings["Lenders:Partner:BaseUrl"] = _partners.Team.BaseUrl.AbsoluteUri;
        settings["Lenders:Partners:acme:BaseUrl"] = _partners.Acme.BaseUrl.AbsoluteUri;
        settings["Lenders:Partners:acme:Authorization"] = "acme-outbound";
        settings["Lenders:Partners:acme:SigningSecret"] = AcmeSigning;
        settings["Lenders:Partners:zeta:BaseUrl"] = _partners.Zeta.BaseUrl.AbsoluteUri;
        settings["Lenders:Partners:zeta:Authorization"] = "zeta-outbound";
        settings["Webhook:Partner:Secret"] = SharedSecret;
        if (ownSecrets)
        {
            settings["Webhook:Partners:acme:Secret"] = AcmeSecret;
            settings["Webhook:Partners:acme:PreviousSecrets:0"] = AcmePrevious;
            settings["Webhook:Partners:zeta:Secret"] = ZetaSecret;
            settings["Webhook:Partners:zeta:RequireSignature"] = "true";
        }

        _server = new ServerFactory(settings);
        _server.UseKestrelOnLoopback();
        _server.StartServer();
    }

    private static object Input(string token) => PartnerOutbound.Input(token, phone: "9876543210");

    private static string Answer(string journey, string token) => new JsonObject
    {
        ["handshake_id"] = "hs-" + journey, ["status"] = "1", ["msg"] = "",
        ["captured_customer_ref_id"] = "CAP-" + token, ["verified_customer_ref_id"] = "VER-CAP-" + token,
    }.ToJsonString();

    private Task<HttpResponseMessage> CallbackAsync(string body, string secret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/partner/handshake") { Content = Api.Json(body) };
        request.Headers.Add("X-Webhook-Secret", secret);
        request.Headers.Add("X-Webhook-Signature", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body))));
        return _server!.CreateClient().SendAsync(request);
    }

    private async Task<string> WaitingJourneyAsync(HttpClient client, string token)
    {
        var id = await client.StartAsync("test-partner-outbound", Input(token));
        await client.WaitForStatusAsync(id, "Waiting");
        return id;
    }

    [Fact]
    public async Task APartnersSecret_AnswersItsOwnJourneysOnly_AndAnotherPartnersOrTheSharedSecretIsA401ThatNamesNoOne()
    {
        Start(ownSecrets: true);
        var acme = _server!.CreateClient(TestPrincipals.Scoped[0].Key);
        var zeta = _server.CreateClient(TestPrincipals.Scoped[1].Key);
        var team = _server.CreateClient(TestPrincipals.KeyOf("Operator"));
        var zetaJourney = await WaitingJourneyAsync(zeta, "TOK-ZETA");
        var acmeJourney = await WaitingJourneyAsync(acme, "TOK-ACME");
        var teamJourney = await WaitingJourneyAsync(team, "TOK-TEAM");

        // zeta's journey: acme's secret (current or previous) and the shared one are refused, with the same answer as for a
        // journey that does not exist and as for a secret that is nobody's: nothing says whose journey it is.
        var refusals = new List<JsonObject>
        {
            await (await CallbackAsync(Answer(zetaJourney, "TOK-ZETA"), AcmeSecret)).AssertProblemAsync(HttpStatusCode.Unauthorized),
            await (await CallbackAsync(Answer(zetaJourney, "TOK-ZETA"), AcmePrevious)).AssertProblemAsync(HttpStatusCode.Unauthorized),
            await (await CallbackAsync(Answer(zetaJourney, "TOK-ZETA"), SharedSecret)).AssertProblemAsync(HttpStatusCode.Unauthorized),
            await (await CallbackAsync(Answer("0123456789abcdef0123456789abcdef", "TOK-NONE"), AcmeSecret)).AssertProblemAsync(HttpStatusCode.Unauthorized),
            await (await CallbackAsync(Answer(zetaJourney, "TOK-ZETA"), "nobodys-secret-0123456789")).AssertProblemAsync(HttpStatusCode.Unauthorized),
        };
        Assert.All(refusals, r => r.Remove("traceId"));
        Assert.Single(refusals.Select(r => r.ToJsonString()).Distinct());
        Assert.DoesNotContain("zeta", refusals[0].ToJsonString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("Waiting", (await (await team.GetAsync($"/api/instances/{zetaJourney}")).ReadObjectAsync())["status"]!.GetValue<string>());

        // The team's journey: a partner's secret is refused; the shared one answers it.
        await (await CallbackAsync(Answer(teamJourney, "TOK-TEAM"), AcmeSecret)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.Accepted, (await CallbackAsync(Answer(teamJourney, "TOK-TEAM"), SharedSecret)).StatusCode);

        // Each partner answers its own: zeta with its secret, acme with its previous one (a rotation in progress).
        Assert.Equal(HttpStatusCode.Accepted, (await CallbackAsync(Answer(zetaJourney, "TOK-ZETA"), ZetaSecret)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await CallbackAsync(Answer(acmeJourney, "TOK-ACME"), AcmePrevious)).StatusCode);
        foreach (var id in new[] { zetaJourney, acmeJourney, teamJourney })
        {
            Assert.Equal("Disbursed", (await team.WaitForStatusAsync(id, "Completed"))["outcome"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task WithoutPartnerSections_TheSharedSecretStillAnswersAPartnersJourney_ASinglePartnerInstall()
    {
        Start(ownSecrets: false);
        var acme = _server!.CreateClient(TestPrincipals.Scoped[0].Key);
        var journey = await WaitingJourneyAsync(acme, "TOK-ACME");
        await (await CallbackAsync(Answer(journey, "TOK-ACME"), AcmeSecret)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.Accepted, (await CallbackAsync(Answer(journey, "TOK-ACME"), SharedSecret)).StatusCode);
        Assert.Equal("Disbursed", (await acme.WaitForStatusAsync(journey, "Completed"))["outcome"]!.GetValue<string>());
    }

    [Fact]
    public async Task APartnersJourney_WithAHandshakeIdNotItsOwn_StopsBeforeSending_WhileTheTeamsStillUsesOne()
    {
        // Session 46 left it open: a handshake id other than hs-<journey> names no journey, so only the shared secret answered it,
        // and acme's journey then waited for a callback that zeta (or anyone holding the shared secret) could sign, never acme.
        Start(ownSecrets: true);
        var acme = _server!.CreateClient(TestPrincipals.Scoped[0].Key);
        var team = _server.CreateClient(TestPrincipals.KeyOf("Operator"));

        var journey = await acme.StartAsync("test-partner-outbound", new { capturedCustomerRefId = "CAP-TOK-OWN", phone = "9876543210", partnerToken = "TOK-OWN", handshakeId = "ACME-HS-1" });
        var incident = (await acme.WaitForStatusAsync(journey, "Faulted"))["incident"]!;
        Assert.Equal(("handshake", "HandshakeIdNotOwn"), (incident["stepId"]!.GetValue<string>(), incident["errorKind"]!.GetValue<string>()));
        Assert.Contains($"must be hs-{journey}", incident["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(_partners.Acme.Received); // nothing was sent
        var stray = new JsonObject
        {
            ["handshake_id"] = "ACME-HS-1", ["status"] = "1", ["msg"] = "", ["captured_customer_ref_id"] = "CAP-TOK-OWN", ["verified_customer_ref_id"] = "VER-ZETA",
        }.ToJsonString();
        await CallbackAsync(stray, SharedSecret);
        Assert.Equal("Faulted", (await (await acme.GetAsync($"/api/instances/{journey}")).ReadObjectAsync())["status"]!.GetValue<string>());

        // The team's journey keeps its explicit id: the shared settings answer it, as before.
        var teamJourney = await team.StartAsync("test-partner-outbound", new { capturedCustomerRefId = "CAP-TOK-TEAM", phone = "9876543210", partnerToken = "TOK-TEAM", handshakeId = "TEAM-HS-1" });
        await team.WaitForStatusAsync(teamJourney, "Waiting");
        var answer = stray.Replace("ACME-HS-1", "TEAM-HS-1", StringComparison.Ordinal).Replace("CAP-TOK-OWN", "CAP-TOK-TEAM", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, (await CallbackAsync(answer, SharedSecret)).StatusCode);
        Assert.Equal("Disbursed", (await team.WaitForStatusAsync(teamJourney, "Completed"))["outcome"]!.GetValue<string>());
    }

    [Fact]
    public async Task TheTokenShare_IsSignedPerStandardWebhooks_AReceiverVerifiesIt_ATamperedBodyFails_AndTheSecretIsNeverLogged()
    {
        Start(ownSecrets: true);
        var acme = _server!.CreateClient(TestPrincipals.Scoped[0].Key);
        var journey = await WaitingJourneyAsync(acme, "TOK-ACME");
        Assert.Equal(HttpStatusCode.Accepted, (await CallbackAsync(Answer(journey, "TOK-ACME"), AcmeSecret)).StatusCode);
        await acme.WaitForStatusAsync(journey, "Completed");

        var share = Assert.Single(_partners.Acme.Raw, r => r.Path == "/application/token");
        Assert.Contains("TOK-ACME", share.RawBody, StringComparison.Ordinal);

        // As a partner verifies it with the Standard Webhooks library...
        var receiver = new StandardWebhook(AcmeSigning);
        receiver.Verify(share.RawBody, share.Headers);

        // ...and by hand, as docs/server.md's worked example does: HMAC-SHA256(base64-decoded key, "id.timestamp.body").
        var id = share.Headers["webhook-id"].ToString();
        var timestamp = share.Headers["webhook-timestamp"].ToString();
        var expected = "v1," + Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(AcmeSigning["whsec_".Length..]),
            Encoding.UTF8.GetBytes($"{id}.{timestamp}.{share.RawBody}")));
        Assert.Equal(expected, share.Headers["webhook-signature"].ToString());
        Assert.StartsWith("msg_", id, StringComparison.Ordinal);

        // One byte changed (the token) and the signature no longer verifies; another partner's key does not verify it either.
        Assert.Throws<WebhookVerificationException>(() => receiver.Verify(share.RawBody.Replace("TOK-ACME", "TOK-ACMF", StringComparison.Ordinal), share.Headers));
        Assert.Throws<WebhookVerificationException>(() =>
            new StandardWebhook("whsec_" + Convert.ToBase64String(new byte[32])).Verify(share.RawBody, share.Headers));

        // zeta has no signing secret: its requests go unsigned, as before.
        var zeta = _server.CreateClient(TestPrincipals.Scoped[1].Key);
        await WaitingJourneyAsync(zeta, "TOK-ZETA");
        Assert.All(_partners.Zeta.Raw, r => Assert.False(r.Headers.ContainsKey("webhook-signature")));

        // The secret is in no log line (the whole key, and its base64 part).
        var logs = await LogFiles.ReadAsync(_partners.Logs);
        Assert.DoesNotContain(AcmeSigning["whsec_".Length..], logs, StringComparison.Ordinal);
    }
}
