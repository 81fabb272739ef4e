using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using LoanJourney.Server.Tests.Support;

namespace LoanJourney.Server.Tests.Hosting;

/// <summary>
/// What a new operator reads when <c>dotnet run</c> starts the server in Development (walk 44): the Studio's address and the
/// key to sign in with, once, and no warning they cannot act on (the key was a warning before the address was known, the
/// Studio's address was said nowhere, each webhook source and Data Protection's key storage warned).
/// </summary>
public sealed class StartupOutputTests : IDisposable
{
    private readonly string _logs = Path.Combine(Path.GetTempPath(), "lj-startlog-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(_logs, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task ADevelopmentStart_SaysTheStudioAddressAndTheDevKeyOnce_AndWarnsOfNothing()
    {
        using (var factory = new ServerFactory(new Dictionary<string, string?>
        {
            ["Serilog:File:Path"] = Path.Combine(_logs, "server-.json"),
            ["Webhook:FinBox:AllowUnverified"] = "false", // as dotnet run has them (unset): Development accepts them unverified
            ["Webhook:Partner:AllowUnverified"] = "false",
        }, environment: "Development", withKey: false))
        {
            factory.UseKestrelOnLoopback();
            factory.StartServer();
            using var client = factory.CreateClient("dev-key");
            (await client.GetAsync(new Uri("/api/workflows", UriKind.Relative))).EnsureSuccessStatusCode(); // the definitions loaded

            await WaitForEventAsync(2010);
        }

        var events = await EventsAsync();

        var studio = Assert.Single(events, e => Message(e).Contains("/studio/", StringComparison.Ordinal));
        Assert.Matches(@"^Studio: ""?http://127\.0\.0\.1:\d+/studio/""? \(sign in with the key dev-key", Message(studio)); // the file quotes strings
        Assert.Single(events, e => Message(e).Contains("dev-key", StringComparison.Ordinal));
        // Kestrel's "Overriding address(es)" is this test's own doing (a loopback endpoint over the configured Urls), not dotnet run's.
        var warnings = events.Where(e => e["Level"]?.GetValue<string>() is "Warning" or "Error" or "Fatal").Select(Message)
            .Where(m => !m.StartsWith("Overriding address(es)", StringComparison.Ordinal)).ToList();
        Assert.True(warnings.Count == 0, "Warnings at a Development start: " + string.Join(" | ", warnings));
    }

    /// <summary>
    /// Walk 52: a new user adds an Operator (and an Admin) to <c>Server:Principals</c>, as docs/server.md says, and restarts;
    /// the start then wrote no Studio line at all (the line was the dev key's, which the principals end). It says where the
    /// Studio is, without offering the key that no longer signs in.
    /// </summary>
    [Fact]
    public async Task ADevelopmentStartWithPrincipals_StillSaysTheStudioAddress_WithoutTheDevKey()
    {
        const string key = "walk52-operator-key-0123456789";
        using (var factory = new ServerFactory(new Dictionary<string, string?>
        {
            ["Serilog:File:Path"] = Path.Combine(_logs, "server-.json"),
            ["Server:Principals:0:Name"] = "ops-walk52",
            ["Server:Principals:0:Role"] = "Operator",
            ["Server:Principals:0:KeySha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))),
        }, environment: "Development", withKey: false))
        {
            factory.UseKestrelOnLoopback();
            factory.StartServer();
            using var client = factory.CreateClient(key);
            (await client.GetAsync(new Uri("/api/workflows", UriKind.Relative))).EnsureSuccessStatusCode();
            await WaitForEventAsync(2021);
        }

        var events = await EventsAsync();
        var studio = Assert.Single(events, e => Message(e).Contains("/studio/", StringComparison.Ordinal));
        Assert.Matches(@"^Studio: ""?http://127\.0\.0\.1:\d+/studio/""? \(sign in with a key of Server:Principals or an OIDC token; dev-key is off", Message(studio));
        Assert.DoesNotContain(events, e => Message(e).Contains("sign in with the key dev-key", StringComparison.Ordinal));
    }

    /// <summary>
    /// Session 53: with each partner's own inbound secret configured, the start still said "Webhooks from finbox and partner are
    /// accepted unverified", as if partners' callbacks were; it was about the shared Webhook:Partner settings only. It now says
    /// what those cover and which partners verify their own; without partner sections, that every journey's callbacks are
    /// unverified, partners' included.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ADevelopmentStart_SaysWhichPartnerCallbacksAreUnverified(bool partnerSecrets)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Serilog:File:Path"] = Path.Combine(_logs, "server-.json"),
            ["Webhook:FinBox:AllowUnverified"] = "false",
            ["Webhook:Partner:AllowUnverified"] = "false",
        };
        if (partnerSecrets)
        {
            settings["Webhook:Partners:acme:Secret"] = "acme-inbound-secret-0123456789";
            settings["Webhook:Partners:globex:Secret"] = "globex-inbound-secret-0123456789";
        }

        using (var factory = new ServerFactory(settings, environment: "Development", withKey: false))
        {
            factory.UseKestrelOnLoopback();
            factory.StartServer();
            using var client = factory.CreateClient("dev-key");
            (await client.GetAsync(new Uri("/api/workflows", UriKind.Relative))).EnsureSuccessStatusCode();
            await WaitForEventAsync(2010);
        }

        var line = Assert.Single((await EventsAsync()).Select(Message), m => m.Contains("are accepted unverified", StringComparison.Ordinal));
        if (partnerSecrets)
        {
            Assert.Contains("the team's own journeys' handshake callbacks and those naming no journey; acme, globex verify theirs with their own Webhook:Partners secret", line, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains("every journey's handshake callbacks, the sourcing partners' included", line, StringComparison.Ordinal);
        }

        Assert.StartsWith("Webhooks from finbox and partner (", line.Replace("\"", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    private static string Message(JsonObject e) => e["RenderedMessage"]?.GetValue<string>() ?? e["MessageTemplate"]!.GetValue<string>();

    private async Task<List<JsonObject>> EventsAsync() =>
        (await LogFiles.ReadAsync(_logs)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!.AsObject()).ToList();

    /// <summary>The Studio line is written once the server listens; waits for it (a deadline only as a safety net).</summary>
    private async Task WaitForEventAsync(int eventId)
    {
        var clock = Stopwatch.StartNew();
        while (!(await LogFiles.ReadAsync(_logs)).Contains($"\"Id\":{eventId}", StringComparison.Ordinal))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "No Studio line in the log: " + await LogFiles.ReadAsync(_logs));
            await Task.Delay(25);
        }
    }
}
