using LoanJourney.Server.Tests.Support;

namespace LoanJourney.Server.Tests.Webhooks;

/// <summary>
/// The embedded sandbox plays every partner, and answers each partner's async handshake with that partner's own inbound secret
/// (<c>Webhook:Partners:&lt;partner&gt;:Secret</c>; docs/server.md, "Each partner's own inbound secret"). Session 46 signed every
/// partner's callbacks with the one <c>Sandbox:PartnerCallbackSecret</c>, which the server refuses for a partner's journey once
/// partners have their own secrets: acme's and zeta's journeys waited at the handshake. (The team's journeys are unchanged: this
/// server points the team's <c>Lenders:Partner</c> at a host that does not exist; draft test runs cover the team's sandbox route.)
/// </summary>
public sealed class SandboxPartnerCallbackTests
{
    [Fact]
    public async Task EachPartnersAsyncHandshake_IsAnsweredWithItsOwnSecret_AndEveryJourneyGoesOn()
    {
        var settings = PartnerOutbound.Settings();
        settings["Lenders:Partners:acme:Authorization"] = "acme-outbound"; // no BaseUrl: the sandbox plays acme
        settings["Lenders:Partners:zeta:Authorization"] = "zeta-outbound";
        settings["Webhook:Partner:Secret"] = "shared-partner-secret-0123456789";
        settings["Sandbox:PartnerCallbackSecret"] = "shared-partner-secret-0123456789";
        settings["Webhook:Partners:acme:Secret"] = "acme-inbound-secret-0123456789";
        settings["Webhook:Partners:zeta:Secret"] = "zeta-inbound-secret-0123456789";
        settings["Webhook:Partners:zeta:RequireSignature"] = "true";
        settings["Sandbox:PartnerCallbackDelay"] = "00:00:00.050";
        using var server = new SandboxKestrelServer(null, settings);

        // 9876540010: the sandbox answers the handshake later, posting the result to the journey's callback URL.
        var journeys = new List<(HttpClient Client, string Id)>();
        foreach (var (key, token) in new[] { (TestPrincipals.Scoped[0].Key, "TOK-ACME"), (TestPrincipals.Scoped[1].Key, "TOK-ZETA") })
        {
            var client = server.CreateClient(key);
            journeys.Add((client, await client.StartAsync("test-partner-outbound", PartnerOutbound.Input(token))));
        }

        foreach (var (client, id) in journeys)
        {
            var done = await client.WaitForStatusAsync(id, "Completed");
            Assert.True(done["outcome"]!.GetValue<string>() == "Disbursed", done.ToJsonString());
        }

        Assert.DoesNotContain("no secret that answers this handshake's journey", await server.ReadLogsAsync(), StringComparison.Ordinal);
    }
}
