using System.Text.Json.Nodes;
using LoanJourney.Server.Tests.Support;

namespace LoanJourney.Server.Tests.Auth;

/// <summary>
/// Each sourcing partner's journeys call that partner's own API (<c>Lenders:Partners:{partner}</c>, docs/server.md, "Partner
/// scope"): two partners on one server, each with an API of its own on a real port, and the team's (<c>Lenders:Partner</c>).
/// Session 45's partner walk: every partner's handshake and token share (<c>x_partner_token</c>, <c>verified_customer_ref_id</c>)
/// went to the one <c>Lenders:Partner</c> endpoint with its one <c>Authorization</c>. A partner without an API of its own stops
/// on an incident naming the setting, sending nothing to anyone.
/// </summary>
public sealed class PartnerOutboundTests : IAsyncLifetime, IDisposable
{
    private const string TeamSecret = "team-partner-secret";
    private const string AcmeSecret = "acme-outbound-secret";
    private const string ZetaSecret = "zeta-outbound-secret";

    private PartnerApis _partners = null!;
    private ServerFactory? _server;

    public async Task InitializeAsync() => _partners = await PartnerApis.StartAsync("lj-partnerout-");

    public void Dispose() => _server?.Dispose();

    public async Task DisposeAsync()
    {
        _server?.Dispose();
        await _partners.DisposeAsync();
    }

    private ServerFactory Start(bool withZeta)
    {
        var settings = PartnerOutbound.Settings();
        settings["Serilog:File:Path"] = Path.Combine(_partners.Logs, "server-.json");
        settings["Lenders:Partner:BaseUrl"] = _partners.Team.BaseUrl.AbsoluteUri;
        settings["Lenders:Partner:Authorization"] = TeamSecret;
        settings["Lenders:Partners:acme:BaseUrl"] = _partners.Acme.BaseUrl.AbsoluteUri;
        settings["Lenders:Partners:acme:Authorization"] = AcmeSecret;
        settings["Lenders:Partners:acme:TokenSharePath"] = "apps/token";
        if (withZeta)
        {
            settings["Lenders:Partners:zeta:BaseUrl"] = _partners.Zeta.BaseUrl.AbsoluteUri;
            settings["Lenders:Partners:zeta:Authorization"] = ZetaSecret;
        }

        _server = new ServerFactory(settings);
        return _server;
    }

    private static object Input(string token) => new
    {
        capturedCustomerRefId = "CAP-" + token, phone = "9876543210", partnerToken = token,
    };

    private HttpClient Client(string key) => _server!.CreateClient(key);

    [Fact]
    public async Task EachPartnersJourney_CallsItsOwnApiWithItsOwnSecret_AndTheTeamsJourney_LendersPartner()
    {
        Start(withZeta: true);
        var acme = Client(TestPrincipals.Scoped[0].Key);
        var zeta = Client(TestPrincipals.Scoped[1].Key);
        var team = Client(TestPrincipals.KeyOf("Operator"));

        var acmeJourney = await acme.StartAsync("test-partner-outbound", Input("TOK-ACME"));
        Assert.Equal("Disbursed", (await acme.WaitForStatusAsync(acmeJourney, "Completed"))["outcome"]!.GetValue<string>());
        var zetaJourney = await zeta.StartAsync("test-partner-outbound", Input("TOK-ZETA"));
        Assert.Equal("Disbursed", (await zeta.WaitForStatusAsync(zetaJourney, "Completed"))["outcome"]!.GetValue<string>());
        var teamJourney = await team.StartAsync("test-partner-outbound", Input("TOK-TEAM"));
        Assert.Equal("Disbursed", (await team.WaitForStatusAsync(teamJourney, "Completed"))["outcome"]!.GetValue<string>());

        // acme's handshake and token share reached acme's API only, with acme's secret and acme's own token share path.
        AssertReceived(_partners.Acme, AcmeSecret, "TOK-ACME", "/apps/token");
        AssertReceived(_partners.Zeta, ZetaSecret, "TOK-ZETA", "/application/token");
        AssertReceived(_partners.Team, TeamSecret, "TOK-TEAM", "/application/token");

        // The journal still records each call as the partner API's, masked as before.
        var journal = await (await team.GetAsync($"/api/instances/{acmeJourney}/journal")).ReadObjectAsync();
        var calls = journal["items"]!.AsArray().Where(e => e!["kind"]!.GetValue<string>() == "LenderCall").ToList();
        Assert.Equal(["Partner", "Partner"], calls.Select(c => c!["data"]!["lender"]!.GetValue<string>()));
        Assert.Equal(["Partner.Handshake", "Partner.ShareToken"], calls.Select(c => c!["data"]!["operation"]!.GetValue<string>()));
        Assert.DoesNotContain("9876543210", journal.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task APartnerWithoutItsOwnApi_StopsOnAnIncidentNamingTheSetting_SendsNothing_AndTheStartWarns()
    {
        Start(withZeta: false);
        var zeta = Client(TestPrincipals.Scoped[1].Key);
        var team = Client(TestPrincipals.KeyOf("Operator"));

        var journey = await zeta.StartAsync("test-partner-outbound", Input("TOK-ZETA"));
        var faulted = await team.WaitForStatusAsync(journey, "Faulted");
        var incident = faulted["incident"]!;
        Assert.Equal(("handshake", "PartnerApiNotConfigured"), (incident["stepId"]!.GetValue<string>(), incident["errorKind"]!.GetValue<string>()));
        Assert.Contains("Lenders:Partners:zeta is not set", incident["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(_partners.Zeta.Received);
        Assert.Empty(_partners.Acme.Received);
        Assert.Empty(_partners.Team.Received);

        // The start said so: zeta has principals, no API, and a loaded workflow calls the partner API; acme has its API.
        var warnings = await WaitForLogAsync("\"EventId\":{\"Id\":2011");
        var warning = Assert.Single(warnings);
        Assert.Contains("Lenders:Partners:zeta", warning, StringComparison.Ordinal);
        Assert.Contains("test-partner-outbound", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheEmbeddedSandbox_PlaysAPartnerWhoseSectionHasNoBaseUrl_AndStillNotAPartnerWithoutASection()
    {
        var settings = PartnerOutbound.Settings();
        settings["Lenders:Partners:acme:Authorization"] = "acme-sandbox-secret";
        using var server = new LenderServerFactory(settings: settings);
        using var acme = server.CreateClient();
        acme.DefaultRequestHeaders.Add("X-Api-Key", TestPrincipals.Scoped[0].Key);
        using var zeta = server.CreateClient();
        zeta.DefaultRequestHeaders.Add("X-Api-Key", TestPrincipals.Scoped[1].Key);
        using var team = server.CreateApiClient();

        var acmeJourney = await acme.StartAsync("test-partner-outbound", Input("TOK-ACME"));
        Assert.Equal("Disbursed", (await acme.WaitForStatusAsync(acmeJourney, "Completed"))["outcome"]!.GetValue<string>());
        var zetaJourney = await zeta.StartAsync("test-partner-outbound", Input("TOK-ZETA"));
        Assert.Equal("PartnerApiNotConfigured", (await team.WaitForStatusAsync(zetaJourney, "Faulted"))["incident"]!["errorKind"]!.GetValue<string>());
    }

    private static void AssertReceived(PartnerApiReceiver receiver, string secret, string token, string sharePath)
    {
        var received = receiver.Received.ToArray();
        Assert.Equal(["/handshake/token", sharePath], received.Select(r => r.Path));
        Assert.All(received, r => Assert.Equal(secret, r.Authorization));
        Assert.Equal("CAP-" + token, received[0].Body["captured_customer_ref_id"]!.GetValue<string>());
        Assert.Equal(token, received[1].Body["x_partner_token"]!.GetValue<string>());
        Assert.Equal("VER-CAP-" + token, received[1].Body["verified_customer_ref_id"]!.GetValue<string>());
    }

    // The check runs once the server has started; its line reaches the file sink soon after. Waits for the line, not a time.
    private async Task<List<string>> WaitForLogAsync(string marker)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var lines = (await LogFiles.ReadAsync(_partners.Logs)).Split('\n').Where(l => l.Contains(marker, StringComparison.Ordinal)).ToList();
            if (lines.Count > 0)
            {
                return lines;
            }

            await Task.Delay(50, deadline.Token);
        }
    }
}
