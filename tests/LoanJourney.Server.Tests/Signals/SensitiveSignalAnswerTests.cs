using System.Net;
using System.Text.Json.Nodes;
using LoanJourney.Server.Tests.Support;

namespace LoanJourney.Server.Tests.Signals;

/// <summary>
/// docs/api.md ("A signal's answer"): a sensitive signal's 202 says what the waiting step did with it, in <c>signal</c>. Session 48: with
/// Capital Float's circuit breaker open, the borrower's OTP answered 202 with the journey summary and the Studio said "sent",
/// but it was never verified: the step journaled <c>OtpVerifyUnavailable</c> and waited for the OTP again, which the caller
/// learnt only by reading the journey's variables. Real HTTP, the embedded sandbox, the shipped pay-later definition.
/// </summary>
public sealed class SensitiveSignalAnswerTests : IDisposable
{
    private readonly LenderServerFactory _server = new(settings: new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["Engine:DefinitionsDirectory"] = Path.Combine(AppContext.BaseDirectory, "ReleaseWorkflows"),
        ["Engine:PollInterval"] = "00:00:00.100",
        // The breaker opens after two failed calls and stays open for the whole test; the failures are not retried inside a call.
        ["Lenders:CapitalFloat:BreakerMinimumThroughput"] = "2",
        ["Lenders:CapitalFloat:BreakerBreakDuration"] = "00:10:00",
        ["Lenders:CapitalFloat:MaxRetryAttempts"] = "0",
    });

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task AnOtpSentWhileCapitalFloatsCircuitIsOpen_IsAnsweredAskedAgain_LenderUnavailable()
    {
        using var api = _server.CreateApiClient();
        var (id, input, _) = await PayLater.WaitingForOtpAsync(api);
        var otp = await PayLater.OtpAsync(api, id, input);

        // Open the breaker: every call fails until a journey's limit check is deferred on the open circuit; then the sandbox is well.
        (await api.PutAsync("/sandbox/faults", Api.Json(new { errorRate = 1 }))).EnsureSuccessStatusCode();
        var opener = await api.StartAsync(PayLater.WorkflowId, await PayLater.SampleAsync());
        await WaitForJournalAsync(api, opener, "StepDeferred");
        (await api.PutAsync("/sandbox/faults", Api.Json(new { }))).EnsureSuccessStatusCode();

        var response = await api.PostAsync($"/api/instances/{id}/signals/otp", Api.Json(new { otp }));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(otp, text, StringComparison.Ordinal);
        var answer = JsonNode.Parse(text)!.AsObject();
        Assert.Equal(("Waiting", "otp"), (answer["status"]!.GetValue<string>(), answer["currentStep"]!.GetValue<string>()));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            { "name": "otp", "result": "AskedAgain", "stepOutcome": null, "reason": "LenderUnavailable",
              "message": "Capital Float could not verify the OTP just now; enter it again.", "attemptsLeft": 3 }
            """), answer["signal"]), $"signal: {answer["signal"]?.ToJsonString()}");
        Assert.Contains("OtpVerifyUnavailable", await JournalKindsAsync(api, id));
        var audit = (await (await api.GetAsync($"/api/audit?instanceId={id}&action=signal")).ReadObjectAsync())["items"]!.AsArray();
        var entry = Assert.Single(audit)!;
        Assert.Equal(("AskedAgain", "LenderUnavailable"), (entry["data"]!["result"]!.GetValue<string>(), entry["data"]!["reason"]!.GetValue<string>()));
    }

    [Fact]
    public async Task AWrongOtp_IsAnsweredAskedAgain_OtpIncorrectWithAttemptsLeft_AndTheRightOneTaken()
    {
        using var api = _server.CreateApiClient();
        var start = await api.PostAsync($"/api/workflows/{PayLater.WorkflowId}/instances", Api.Json(await PayLater.SampleAsync()));
        Assert.False((await start.ReadObjectAsync()).ContainsKey("signal"), "only a signal's answer has 'signal'");
        var (id, input, _) = await PayLater.WaitingForOtpAsync(api);
        var otp = await PayLater.OtpAsync(api, id, input);

        var wrong = await api.PostAsync($"/api/instances/{id}/signals/otp", Api.Json(new { otp = otp == "000000" ? "111111" : "000000" }));

        Assert.Equal(HttpStatusCode.Accepted, wrong.StatusCode);
        var refused = await wrong.ReadObjectAsync();
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            { "name": "otp", "result": "AskedAgain", "stepOutcome": null, "reason": "OtpIncorrect", "message": "The OTP is not correct.", "attemptsLeft": 2 }
            """), refused["signal"]), $"signal: {refused["signal"]?.ToJsonString()}");
        Assert.Equal(("Waiting", "otp"), (refused["status"]!.GetValue<string>(), refused["currentStep"]!.GetValue<string>()));

        var right = await (await api.PostAsync($"/api/instances/{id}/signals/otp", Api.Json(new { otp }))).ReadObjectAsync();
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            { "name": "otp", "result": "Taken", "stepOutcome": "Verified", "reason": null, "message": null, "attemptsLeft": null }
            """), right["signal"]), $"signal: {right["signal"]?.ToJsonString()}");
        Assert.NotEqual("otp", right["currentStep"]?.GetValue<string>());
    }

    private static async Task<List<string>> JournalKindsAsync(HttpClient api, string id) =>
        (await (await api.GetAsync($"/api/instances/{id}/journal?take=1000")).ReadObjectAsync())["items"]!.AsArray()
            .Select(e => e!["kind"]!.GetValue<string>()).ToList();

    private static async Task WaitForJournalAsync(HttpClient api, string id, string kind)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!(await JournalKindsAsync(api, id)).Contains(kind))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"Journey {id} journaled no {kind}: {string.Join(", ", await JournalKindsAsync(api, id))}");
            await Task.Delay(25);
        }
    }
}
