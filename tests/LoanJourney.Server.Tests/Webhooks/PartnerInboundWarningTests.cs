using System.Text.Json.Nodes;
using LoanJourney.Server.Tests.Support;

namespace LoanJourney.Server.Tests.Webhooks;

/// <summary>
/// Once any partner has its own inbound section (<c>Webhook:Partners:&lt;partner&gt;</c>), a partner with principals but no
/// section has its handshake callbacks refused (docs/server.md, "Each partner's own inbound secret"): the start says so, one
/// warning (event 2001) naming those partners. Session 46 left it silent: the first sign was a journey waiting at its handshake.
/// </summary>
public sealed class PartnerInboundWarningTests
{
    [Fact]
    public async Task APartnerWithPrincipalsButNoSection_IsNamedAtStart_OnceAnyPartnerHasOne()
    {
        // acme (two principals) has its section, zeta (one principal) has none.
        var warnings = await StartupWarningsAsync(("Webhook:Partners:acme:Secret", "acme-inbound-secret"));

        var warning = Assert.Single(warnings);
        Assert.Equal("Warning", warning["Level"]!.GetValue<string>());
        Assert.Equal("zeta", warning["Properties"]!["Partners"]!.GetValue<string>());
        Assert.Equal("acme", warning["Properties"]!["Configured"]!.GetValue<string>());
        Assert.DoesNotContain("acme-inbound-secret", warning.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoWarning_WhileNoPartnerHasASection_OrEveryPartnerHasOne()
    {
        // Without sections the shared Webhook:Partner settings answer every journey, as before session 46.
        Assert.Empty(await StartupWarningsAsync());
        Assert.Empty(await StartupWarningsAsync(("Webhook:Partners:acme:Secret", "acme-inbound-secret"), ("Webhook:Partners:zeta:Secret", "zeta-inbound-secret")));
    }

    [Fact]
    public void Missing_NamesEachPartnerOnce_InNameOrder()
    {
        Assert.Equal(["beta", "zeta"], LoanJourney.Server.Webhooks.PartnerInboundWarning.Missing(["zeta", null, "acme", "beta", "zeta"], ["acme"]));
        Assert.Empty(LoanJourney.Server.Webhooks.PartnerInboundWarning.Missing(["zeta", "acme"], []));
    }

    // Starts a server with the scoped principals (acme, zeta) and the given settings, stops it, and reads event 2001 from its JSON log.
    private static async Task<List<JsonObject>> StartupWarningsAsync(params (string Key, string? Value)[] more)
    {
        var directory = Directory.CreateTempSubdirectory("lj-inbound-").FullName;
        try
        {
            var settings = TestPrincipals.SettingsWithScoped();
            settings["Serilog:File:Path"] = Path.Combine(directory, "server-.json");
            foreach (var (key, value) in more)
            {
                settings[key] = value;
            }

            using (var server = new ServerFactory(settings))
            {
                Assert.Equal(System.Net.HttpStatusCode.OK, (await server.CreateClient().GetAsync("/health/live")).StatusCode);
            }

            return Directory.GetFiles(directory, "server-*.json")
                .SelectMany(File.ReadAllLines)
                .Select(line => JsonNode.Parse(line)!.AsObject())
                .Where(e => e["Properties"]?["EventId"]?["Id"]?.GetValue<int>() == 2001)
                .ToList();
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
