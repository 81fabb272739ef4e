using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace LoanJourney.Sandbox.Tests.Faults;

/// <summary>
/// Session 38: <c>PUT /sandbox/faults</c> clamped what it could not honour without a word (an <c>errorRate</c> of 2 ran as 1,
/// -0.5 as 0, a misspelt field as no fault at all) and <c>Sandbox:Faults</c> did the same at start. Now a fault setting out of
/// range is a 400 problem naming the field, and the faults in force stay as they were; a setting out of range stops the start.
/// </summary>
public sealed class FaultSettingsValidationTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private readonly HttpClient _client = fixture.Client;

    public static TheoryData<string, string[]> Refused => new()
    {
        { """{ "errorRate": 2 }""", ["errorRate"] },
        { """{ "errorRate": -0.5 }""", ["errorRate"] },
        { """{ "throttleRate": 1.5 }""", ["throttleRate"] },
        { """{ "dropRate": -1 }""", ["dropRate"] },
        { """{ "latencyMs": -10 }""", ["latencyMs"] },
        { """{ "errorRate": 0.6, "throttleRate": 0.5 }""", ["errorRate", "throttleRate"] },
        { """{ "errorRate": "half" }""", ["errorRate"] },
        { """{ "eror_rate": 0.5 }""", ["eror_rate"] },
        { """{ "loseAnswerAfterCommit": ["paylater/tranche", " "] }""", ["loseAnswerAfterCommit[1]"] },
        { "[]", ["body"] },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task AFaultSettingOutOfRange_IsA400ProblemNamingIt_AndChangesNothing(string body, string[] fields)
    {
        using (var set = await Wire.Send(_client, HttpMethod.Put, "/sandbox/faults", """{ "latencyMs": 1, "errorRate": 0.25 }"""))
        {
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        }

        using var refused = await Wire.Send(_client, HttpMethod.Put, "/sandbox/faults", body);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = await refused.Json();
        Assert.Equal(fields, problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        var current = await Wire.Send(_client, HttpMethod.Get, "/sandbox/faults", null).Json();
        Assert.Equal((1, 0.25, 0.0, 0.0), (current.GetProperty("latencyMs").GetInt32(), current.GetProperty("errorRate").GetDouble(),
            current.GetProperty("throttleRate").GetDouble(), current.GetProperty("dropRate").GetDouble()));
    }

    [Fact]
    public async Task RatesThatAddUpToOne_AreTakenAsGiven()
    {
        using var set = await Wire.Send(_client, HttpMethod.Put, "/sandbox/faults", """{ "dropRate": 0.2, "errorRate": 0.3, "throttleRate": 0.5 }""");

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var current = await set.Json();
        Assert.Equal((0.2, 0.3, 0.5), (current.GetProperty("dropRate").GetDouble(), current.GetProperty("errorRate").GetDouble(), current.GetProperty("throttleRate").GetDouble()));
        (await Wire.Send(_client, HttpMethod.Put, "/sandbox/faults", "{}")).Dispose();
    }

    [Theory]
    [InlineData("Sandbox:Faults:ErrorRate", "2")]
    [InlineData("Sandbox:Faults:LatencyMs", "-1")]
    [InlineData("Sandbox:OtpAttempts", "0")]
    [InlineData("Sandbox:ProcessingPolls", "-1")]
    [InlineData("Sandbox:WebhookStepDelay", "-00:00:01")]
    public async Task ASettingOutOfRange_StopsTheStart_NamingIt(string setting, string value)
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => SandboxHost.StartAsync(new Dictionary<string, string?> { [setting] = value }));

        Assert.StartsWith(setting + ": ", Assert.Single(failure.Failures), StringComparison.Ordinal);
    }
}
