using System.Diagnostics;
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

            // The line is written once the server listens; wait for it (a deadline only as a safety net).
            var clock = Stopwatch.StartNew();
            while (!(await LogFiles.ReadAsync(_logs)).Contains("\"Id\":2010", StringComparison.Ordinal))
            {
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "No Studio line in the log: " + await LogFiles.ReadAsync(_logs));
                await Task.Delay(25);
            }
        }

        var events = (await LogFiles.ReadAsync(_logs)).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonNode.Parse(line)!.AsObject()).ToList();
        static string Message(JsonObject e) => e["RenderedMessage"]?.GetValue<string>() ?? e["MessageTemplate"]!.GetValue<string>();

        var studio = Assert.Single(events, e => Message(e).Contains("/studio/", StringComparison.Ordinal));
        Assert.Matches(@"^Studio: ""?http://127\.0\.0\.1:\d+/studio/""? \(sign in with the key dev-key", Message(studio)); // the file quotes strings
        Assert.Single(events, e => Message(e).Contains("dev-key", StringComparison.Ordinal));
        // Kestrel's "Overriding address(es)" is this test's own doing (a loopback endpoint over the configured Urls), not dotnet run's.
        var warnings = events.Where(e => e["Level"]?.GetValue<string>() is "Warning" or "Error" or "Fatal").Select(Message)
            .Where(m => !m.StartsWith("Overriding address(es)", StringComparison.Ordinal)).ToList();
        Assert.True(warnings.Count == 0, "Warnings at a Development start: " + string.Join(" | ", warnings));
    }
}
