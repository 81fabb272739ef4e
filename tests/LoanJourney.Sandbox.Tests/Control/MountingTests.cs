using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace LoanJourney.Sandbox.Tests.Control;

public sealed class MountingTests
{
    [Fact]
    public async Task MountedUnderSandboxPrefixInsideAnotherAppEverythingLivesUnderSandboxOnce()
    {
        await using var host = await SandboxHost.StartAsync(prefix: "/sandbox", mapMore: app => app.MapGet("/health", () => "product"));

        Assert.Equal("product", await host.Client.GetStringAsync("health"));
        var created = await host.Client.FinBoxPost("/sandbox/v2/user/create", """{ "customerID": "m-1", "mobile": "9999999999" }""").Json();
        Assert.Equal("CUR-S-000", created.Str("statusCode"));
        Assert.Equal("AOP-E-002", (await host.Client.FinBoxPost("/sandbox/user/acceptOffer", """{ "customerID": "m-1", "offerDetails": { "offerID": "x", "amount": 1, "tenure": 1 } }""").Json()).Str("statusCode"));
        Assert.Equal("1", (await host.Client.AuthorizedPost("/sandbox/paylater/profile_available_limit", """{ "app_id": "a" }""").Json()).Str("status"));
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("sandbox/counters")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.FinBoxPost("/v2/user/create", "{}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync("sandbox/sandbox/counters")).StatusCode);
    }

    [Fact]
    public async Task ResetClearsState()
    {
        await using var host = await SandboxHost.StartAsync();
        await host.Client.FinBoxPost("/v2/user/create", """{ "customerID": "r-1", "mobile": "9999999999" }""");
        Assert.Equal(HttpStatusCode.NoContent, (await host.Client.PostAsync("sandbox/reset", null)).StatusCode);
        Assert.Equal("CUR-S-000", (await host.Client.FinBoxPost("/v2/user/create", """{ "customerID": "r-1", "mobile": "9999999999" }""").Json()).Str("statusCode"));
    }

    [Fact]
    public async Task ScenarioTableIsReadable()
    {
        await using var host = await SandboxHost.StartAsync();
        var rows = (await host.Client.GetAsync("sandbox/scenarios").Json()).EnumerateArray().Select(r => r.Str("key")).ToList();
        Assert.Equal(["0000", "0001", "0002", "0003", "0004", "0005"], rows.Take(6));
    }
}
