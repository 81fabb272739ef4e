using System.Net.Http.Json;
using System.Diagnostics;
using System.Net;

namespace LoanJourney.Sandbox.Tests.Faults;

public sealed class FaultInjectionTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private readonly HttpClient _client = fixture.Client;

    private Task<HttpResponseMessage> CreateWithFault(string fault) =>
        Wire.Send(_client, HttpMethod.Post, "/v2/user/create", """{ "customerID": "f", "mobile": "9999999999" }""", ("x-api-key", "k"), ("X-Sandbox-Fault", fault));

    [Fact]
    public async Task HeaderFault500AnswersInternalIssues()
    {
        using var response = await CreateWithFault("500");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("FBX-E-002", (await response.Json()).Str("statusCode"));
    }

    [Fact]
    public async Task HeaderFault429AnswersTooManyRequests()
    {
        using var response = await CreateWithFault("429");
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("FBX-E-004", (await response.Json()).Str("statusCode"));
    }

    [Fact]
    public async Task HeaderFaultDropAbortsTheConnection() =>
        await Assert.ThrowsAsync<HttpRequestException>(() => CreateWithFault("drop"));

    [Fact]
    public async Task HeaderLatencyDelaysTheAnswer()
    {
        var clock = Stopwatch.StartNew();
        using var response = await Wire.Send(_client, HttpMethod.Get, "/v2/bank/list?customerID=nobody", null, ("x-api-key", "k"), ("X-Sandbox-Latency-Ms", "200"));
        Assert.True(clock.ElapsedMilliseconds >= 190, $"answered after {clock.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task FaultsSetAtRunTimeApplyToLenderRoutesOnlyAndHeal()
    {
        await using var host = await SandboxHost.StartAsync();
        using (var set = await host.Client.PutAsJsonAsync("sandbox/faults", new { errorRate = 1.0 }))
        {
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        }

        using (var faulted = await host.Client.AuthorizedPost("/paylater/profile_available_limit", """{ "app_id": "a" }"""))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, faulted.StatusCode);
        }

        using (var control = await host.Client.GetAsync("sandbox/counters"))
        {
            Assert.Equal(HttpStatusCode.OK, control.StatusCode);
        }

        (await host.Client.PutAsJsonAsync("sandbox/faults", new { errorRate = 0.0 })).Dispose();
        Assert.Equal("1", (await host.Client.AuthorizedPost("/paylater/profile_available_limit", """{ "app_id": "a" }""").Json()).Str("status"));
    }

    [Theory]
    [InlineData("Sandbox:Faults:ThrottleRate", HttpStatusCode.TooManyRequests)]
    [InlineData("Sandbox:Faults:ErrorRate", HttpStatusCode.InternalServerError)]
    public async Task FaultRatesFromOptionsApply(string option, HttpStatusCode expected)
    {
        await using var host = await SandboxHost.StartAsync(new Dictionary<string, string?> { [option] = "1" });
        using var response = await host.Client.AuthorizedPost("/handshake/token", "{}");
        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task DropRateFromOptionsAbortsConnections()
    {
        await using var host = await SandboxHost.StartAsync(new Dictionary<string, string?> { ["Sandbox:Faults:DropRate"] = "1" });
        await Assert.ThrowsAsync<HttpRequestException>(() => host.Client.FinBoxGet("/v1/users"));
    }

    [Fact]
    public async Task LatencyFromOptionsDelaysEveryLenderCall()
    {
        await using var host = await SandboxHost.StartAsync(new Dictionary<string, string?> { ["Sandbox:Faults:LatencyMs"] = "150" });
        var clock = Stopwatch.StartNew();
        using var response = await host.Client.FinBoxGet("/v1/users");
        Assert.True(clock.ElapsedMilliseconds >= 140, $"answered after {clock.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void RatesSplitOneRollIntoDropErrorThrottleAndNone()
    {
        var faults = new FaultOptions { DropRate = 0.1, ErrorRate = 0.2, ThrottleRate = 0.3 };
        Assert.Equal(Sandbox.Faults.FaultKind.Drop, Sandbox.Faults.FaultInjectionFilter.FromRates(faults, 0.05).Kind);
        Assert.Equal(Sandbox.Faults.FaultKind.ServerError, Sandbox.Faults.FaultInjectionFilter.FromRates(faults, 0.25).Kind);
        Assert.Equal(Sandbox.Faults.FaultKind.Throttle, Sandbox.Faults.FaultInjectionFilter.FromRates(faults, 0.55).Kind);
        Assert.Equal(Sandbox.Faults.FaultKind.None, Sandbox.Faults.FaultInjectionFilter.FromRates(faults, 0.65).Kind);
        Assert.Equal((Sandbox.Faults.FaultKind.ServerError, 503), Sandbox.Faults.FaultInjectionFilter.FromHeader("503"));
        Assert.Equal(Sandbox.Faults.FaultKind.None, Sandbox.Faults.FaultInjectionFilter.FromHeader("teapot").Kind);
    }
}
