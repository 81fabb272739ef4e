using System.Net;
using System.Net.Http.Json;

namespace LoanJourney.Sandbox.Tests.Infrastructure;

/// <summary>A draft test run's lender calls (header X-Sandbox-Test-Run) are counted apart from every other caller's.</summary>
public sealed class RequestCountersTests
{
    private const string TestRunHeader = "X-Sandbox-Test-Run";

    [Fact]
    public async Task ATestRunsBlockAndTranche_AreCountedInTheTestRunsBook_NotAmongTheCountersOperatorsRead()
    {
        await using var host = await SandboxHost.StartAsync();
        var app = Wire.NewId("app");

        // A test run blocks and draws a tranche for the app; then a real journey (no header) blocks for the same app.
        await TestRunPostAsync(host, "/paylater/block", $$"""{ "app_id": "{{app}}", "order_id": "o-run", "amount": "100" }""");
        var otp = (await host.Client.GetAsync($"sandbox/capitalfloat/otp?app_id={app}&order_id=o-run").Json()).Str("otp");
        await TestRunPostAsync(host, "/paylater/verify_block", $$"""{ "app_id": "{{app}}", "order_id": "o-run", "otp": "{{otp}}" }""");
        var tranche = await TestRunPostAsync(host, "/paylater/tranche", $$"""{ "app_id": "{{app}}", "amount": "100", "order_id": "o-run", "suborder_id": "s" }""");
        Assert.Equal("1", tranche.Str("status"));
        Assert.Equal("1", (await host.Client.AuthorizedPost("/paylater/block", $$"""{ "app_id": "{{app}}", "order_id": "o-real", "amount": "100" }""").Json()).Str("status"));

        var journeys = await host.Client.GetFromJsonAsync<Dictionary<string, Dictionary<string, int>>>("sandbox/counters");
        Assert.Equal(new Dictionary<string, int> { ["block"] = 1, ["blockRequest"] = 1 }, journeys![app]);
        Assert.Equal(journeys[app], await host.Client.GetFromJsonAsync<Dictionary<string, int>>($"sandbox/counters/{app}"));

        var testRuns = await host.Client.GetFromJsonAsync<Dictionary<string, Dictionary<string, int>>>("sandbox/counters?testRuns=true");
        Assert.Equal(new Dictionary<string, int> { ["block"] = 1, ["blockRequest"] = 1, ["tranche"] = 1 }, testRuns![app]);
        Assert.Equal(testRuns[app], await host.Client.GetFromJsonAsync<Dictionary<string, int>>($"sandbox/counters/{app}?testRuns=true"));

        // A reset clears both books.
        Assert.Equal(HttpStatusCode.NoContent, (await host.Client.PostAsync("sandbox/reset", null)).StatusCode);
        Assert.Empty((await host.Client.GetFromJsonAsync<Dictionary<string, Dictionary<string, int>>>("sandbox/counters?testRuns=true"))!);
    }

    private static Task<System.Text.Json.JsonElement> TestRunPostAsync(SandboxHost host, string path, string json) =>
        Wire.Send(host.Client, HttpMethod.Post, path, json, ("Authorization", Wire.CfToken), (TestRunHeader, "run-1")).Json();
}
