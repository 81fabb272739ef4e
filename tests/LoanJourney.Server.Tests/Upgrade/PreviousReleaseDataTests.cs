using System.Net;
using System.Text.Json.Nodes;
using LoanJourney.Server.Tests.Support;

namespace LoanJourney.Server.Tests.Upgrade;

/// <summary>
/// This build started on the data/ folder the previous release wrote (Fixtures/release-c9d6015: its engine database, the
/// embedded sandbox's state and the Data Protection keys, written by that release's server killed with journeys waiting; see
/// the README there). Session 39's upgrade walk found three defects no test had seen: the sandbox's state refused at start,
/// pay-later v1 unloadable (CapitalFloat.CancelBlock had gained the required input <c>amount</c>) and a 500 on every read
/// of its journeys. The fixture is refreshed at each release (docs/server.md, "Upgrading").
/// </summary>
public sealed class PreviousReleaseDataTests : IDisposable
{
    private const string Release = "release-c9d6015";
    private const string PayLater = "capitalfloat-paylater";

    // The journeys the fixture holds (instances-at-kill.jsonl) and how each ends on this build.
    private static readonly Dictionary<string, string> Finishes = new(StringComparer.Ordinal)
    {
        ["01a24b26da1974bdbc101e7323a4ace9"] = "Disbursed", // finbox-personal-loan, polling at banking, leased by the killed node
        ["01a24b26e747712c9259603f532aa0ce"] = "Disbursed", // finbox-personal-loan the handshake started, at banking
        ["01a24b26e25c74ed9bef7ec8c09bedd8"] = "Disbursed", // partner-handshake, waiting for its loan
        ["01a24b26dfb973148a3e1a0ce5940215"] = "Disbursed", // finbox-edi-loan, at banking
        ["01a24b26e4597e75b7ce003944348146"] = "Disbursed", // finbox-sdk-journey, following the v1 application's webhooks
    };

    // Pay-later v1 journeys waiting at otp (a 45 s OTP timeout, long gone when this build starts).
    private static readonly string[] PayLaterJourneys = ["01a24b26d172780a845f9c084e407c5b", "01a24b26d6a97f5f837e9d5168d62e62"];

    private readonly string _data = Directory.CreateTempSubdirectory("lj-upgrade-").FullName;

    public PreviousReleaseDataTests()
    {
        var fixture = Path.Combine(AppContext.BaseDirectory, "Fixtures", Release);
        foreach (var file in Directory.GetFiles(fixture, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(_data, Path.GetRelativePath(fixture, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task ThisBuild_StartsOnThePreviousReleasesData_AndItsWaitingJourneysFinish()
    {
        using var server = new LenderServerFactory(settings: new Dictionary<string, string?>
        {
            ["Engine:DatabasePath"] = Path.Combine(_data, "loanjourney.db"),
            ["Sandbox:DataPath"] = Path.Combine(_data, "sandbox.db"),
            ["Server:DataProtectionKeysPath"] = Path.Combine(_data, "keys"),
            ["Engine:DefinitionsDirectory"] = Path.Combine(AppContext.BaseDirectory, "ReleaseWorkflows"),
            ["Sandbox:ProcessingPolls"] = "1",
            ["Sandbox:WebhookStepDelay"] = "00:00:00.200",
            ["Serilog:File:Path"] = Path.Combine(_data, "logs", "server-.json"),
        });
        var api = server.CreateApiClient();

        Assert.Equal(HttpStatusCode.OK, (await server.CreateClient().GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);

        foreach (var (id, outcome) in Finishes)
        {
            var finished = await api.WaitForStatusAsync(id, "Completed", TimeSpan.FromMinutes(3));
            Assert.True(outcome == finished["outcome"]?.GetValue<string>(), $"{id} ended {finished.ToJsonString()}");
        }

        var latest = (await (await api.GetAsync(new Uri($"/api/workflows/{PayLater}", UriKind.Relative))).ReadObjectAsync())["version"]!.GetValue<int>();
        Assert.True(latest > 1, $"{PayLater} has no version after 1");
        foreach (var id in PayLaterJourneys)
        {
            // Its OTP timed out while the server was down: it reaches cancelBlock, which v1 cannot give its amount.
            var stopped = await api.WaitForStatusAsync(id, "Faulted");
            var incident = stopped["incident"]!;
            Assert.True("cancelBlock" == incident["stepId"]?.GetValue<string>(), stopped.ToJsonString());
            Assert.Equal("InvalidInput", incident["errorKind"]?.GetValue<string>());
            var message = incident["message"]!.GetValue<string>();
            Assert.Contains("CapitalFloat.CancelBlock required 'amount'", message, StringComparison.Ordinal);
            Assert.Contains("move the journey to a version that gives it, then retry", message, StringComparison.Ordinal);

            await AssertAnswersOkAsync(api, $"/api/instances/{id}");
            await AssertAnswersOkAsync(api, $"/api/instances/{id}/journal");

            var moved = await api.PostAsync(new Uri($"/api/instances/{id}/migrate", UriKind.Relative),
                Api.Json(new { toVersion = latest, dryRun = false, reason = "upgrade: v1 gives CancelBlock no amount" }));
            var movedBody = await moved.Content.ReadAsStringAsync();
            Assert.True(moved.StatusCode == HttpStatusCode.OK && JsonNode.Parse(movedBody)!["migrated"]!.GetValue<bool>(), movedBody);

            var retried = await api.PostAsync(new Uri($"/api/instances/{id}/incident/retry", UriKind.Relative), Api.Json(new { reason = "moved to the latest version" }));
            Assert.True(retried.IsSuccessStatusCode, await retried.Content.ReadAsStringAsync());
            var ended = await api.WaitForStatusAsync(id, "Completed");
            Assert.True("BlockCancelled" == ended["outcome"]?.GetValue<string>(), ended.ToJsonString());
        }

        foreach (var id in Finishes.Keys)
        {
            await AssertAnswersOkAsync(api, $"/api/instances/{id}/journal");
        }

        await AssertAnswersOkAsync(api, $"/api/workflows/{PayLater}?version=1");

        // Nothing went wrong on the way but the two incidents the pay-later journeys were expected to raise.
        var events = (await LogFiles.ReadAsync(Path.Combine(_data, "logs"))).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        var errors = events.Where(e => e["Level"]?.GetValue<string>() is "Error" or "Fatal").ToList();
        Assert.All(errors, e => Assert.True(
            e["Properties"]?["EventId"]?["Id"]?.GetValue<int>() == 2003 && PayLaterJourneys.Contains(e["Properties"]?["InstanceId"]?.GetValue<string>()),
            e.ToJsonString()));
        Assert.Equal(PayLaterJourneys.Length, errors.Count);
    }

    private static async Task AssertAnswersOkAsync(HttpClient api, string path)
    {
        var response = await api.GetAsync(new Uri(path, UriKind.Relative));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}
