using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using LoanJourney.Server.Tests.Support;

namespace LoanJourney.Server.Tests.Webhooks;

/// <summary>
/// Once any partner has its own inbound section (<c>Webhook:Partners:&lt;partner&gt;</c>), a partner with principals but no
/// section has its handshake callbacks refused (docs/server.md, "Each partner's own inbound secret"): the start says so, one
/// warning (event 2001) naming those partners, at start and when the principals reload (session 47). Session 46 left it silent:
/// the first sign was a journey waiting at its handshake.
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
    public async Task APartnerAddedByAReloadOfThePrincipals_IsNamed_OnceAndAlone()
    {
        // Session 46 checked at start only: a partner-scoped key added to a running server (docs/server.md, "Changing principals
        // while running") had its handshake callbacks refused with nothing in the log to say why.
        var directory = Directory.CreateTempSubdirectory("lj-inbound-reload-").FullName;
        try
        {
            WritePrincipals(directory, "acme");
            var files = new PhysicalFileProvider(directory);
            using (var server = new ServerFactory(new Dictionary<string, string?>
            {
                ["Serilog:File:Path"] = Path.Combine(directory, "logs", "server-.json"),
                ["Webhook:Partners:acme:Secret"] = "acme-inbound-secret",
            })
            {
                ConfigureConfiguration = c => c.AddJsonFile(files, "principals.json", optional: false, reloadOnChange: false),
            })
            {
                Assert.Equal(System.Net.HttpStatusCode.OK, (await server.CreateClient().GetAsync("/health/live")).StatusCode);
                var configuration = (IConfigurationRoot)server.Services.GetRequiredService<IConfiguration>();

                WritePrincipals(directory, "acme", "zeta");
                configuration.Reload(); // the reload puts the principals in force before it returns
                Assert.Equal(System.Net.HttpStatusCode.OK, (await server.CreateClient("zeta-key-0123456789").GetAsync("/api/instances")).StatusCode);
                WritePrincipals(directory, "acme", "zeta", "beta");
                configuration.Reload();
                configuration.Reload(); // nothing new: nothing more said
            }

            var warnings = Warnings2001(Path.Combine(directory, "logs"));
            Assert.Equal(["zeta", "beta"], warnings.Select(w => w["Properties"]!["Partners"]!.GetValue<string>()));
            Assert.All(warnings, w => Assert.Equal("acme", w["Properties"]!["Configured"]!.GetValue<string>()));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    // The principals file as an operator writes it: an Operator key scoped to each partner (only the key's hash).
    private static void WritePrincipals(string directory, params string[] partners)
    {
        var entries = new JsonArray(partners.Select(p => (JsonNode)new JsonObject
        {
            ["Name"] = p + "-bot",
            ["Role"] = "Operator",
            ["Partner"] = p,
            ["KeySha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(p + "-key-0123456789"))),
        }).ToArray());
        var path = Path.Combine(directory, "principals.json");
        File.WriteAllText(path + ".tmp", new JsonObject { ["Server"] = new JsonObject { ["Principals"] = entries } }.ToJsonString());
        File.Move(path + ".tmp", path, overwrite: true);
    }

    private static List<JsonObject> Warnings2001(string directory) =>
        Directory.GetFiles(directory, "server-*.json")
            .SelectMany(File.ReadAllLines)
            .Select(line => JsonNode.Parse(line)!.AsObject())
            .Where(e => e["Properties"]?["EventId"]?["Id"]?.GetValue<int>() == 2001)
            .ToList();

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

            return Warnings2001(directory);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
