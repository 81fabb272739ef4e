using System.Net;
using System.Text.Json.Nodes;
using LoanJourney.Server.Tests.Support;
using LoanJourney.TestSupport;

namespace LoanJourney.Server.Tests.Design;

/// <summary>
/// Session 46: a scenario's <c>deliver</c> reaches the draft's own <c>Core.WaitForWebhook</c> and <c>Core.WaitForSignal</c> steps through the
/// run's engine, so their Received paths and payload-dependent branches can be tried; each path step carries its masked output.
/// </summary>
public sealed class TestRunDeliveryTests(SandboxKestrelServer server) : IClassFixture<SandboxKestrelServer>
{
    private const string Pan = "ABCDE1234F";
    private const string Otp = "482913";
    private readonly HttpClient _api = server.CreateApiClient();

    // A lender webhook wait of the draft's own (2 simulated minutes, 2 s real), a branch on its payload, then a sensitive OTP wait.
    private static JsonObject Draft(string id) => Definitions.Parse($$$"""
        {
          "id": "{{{id}}}", "version": 1, "title": "Own waits",
          "input": [{ "name": "customerId", "type": "String", "required": true }],
          "start": "lenderWebhook",
          "steps": [
            { "id": "lenderWebhook", "activity": "Core.WaitForWebhook", "inputs": { "key": "own:{{$input.customerId}}", "timeout": "PT2M" },
              "next": { "Received": "decision", "Timeout": "timedOut" } },
            { "id": "decision", "activity": "Core.Branch", "inputs": { "value": "$steps.lenderWebhook.output.payload.decision", "cases": { "Yes": "yes" } },
              "next": { "Yes": "otp", "Default": "rejected" } },
            { "id": "otp", "activity": "Core.WaitForSignal", "inputs": { "signal": "otp", "sensitive": true, "timeout": "PT2M" },
              "next": { "Received": "approved", "Timeout": "timedOut" } },
            { "id": "approved", "activity": "Core.End", "inputs": { "outcome": "Approved" } },
            { "id": "rejected", "activity": "Core.End", "inputs": { "outcome": "Rejected" } },
            { "id": "timedOut", "activity": "Core.End", "inputs": { "outcome": "TimedOut" } }
          ]
        }
        """);

    private async Task<string> CreateDraftAsync()
    {
        var id = "own-waits-" + Guid.NewGuid().ToString("N")[..10];
        var created = await _api.PostAsync("/api/workflows", Api.Json(Draft(id).ToJsonString()));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return id;
    }

    [Fact]
    public async Task AScenarioDeliveringTheDraftsOwnWebhookAndOtp_TakesTheReceivedPath_TheOtherTimesOut_AndEachStepShowsItsMaskedOutput()
    {
        var id = await CreateDraftAsync();
        var request = $$"""
            { "input": { "customerId": "C-OWN-1" },
              "scenarios": [
                { "scenario": "9999", "deliver": [
                    { "step": "lenderWebhook", "payload": { "decision": "yes", "pan": "{{Pan}}" } },
                    { "step": "otp", "payload": { "otp": "{{Otp}}" } } ] },
                "9998" ] }
            """;
        var response = await _api.PostAsync($"/api/workflows/{id}/draft/test-runs", Api.Json(request));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var scenarios = JsonNode.Parse(body)!["scenarios"]!.AsArray().ToDictionary(s => s!["scenario"]!.GetValue<string>(), s => s!.AsObject());

        var delivered = scenarios["9999"];
        Assert.Equal(("Completed", "Approved"), (delivered["status"]!.GetValue<string>(), delivered["outcome"]!.GetValue<string>()));
        var path = delivered["path"]!.AsArray().Select(p => p!.AsObject()).ToList();
        Assert.Equal(["lenderWebhook", "decision", "otp", "approved"], path.Select(p => p["stepId"]!.GetValue<string>()));
        Assert.Equal("Received", path[0]["outcome"]!.GetValue<string>());
        Assert.Equal("yes", path[0]["output"]!["payload"]!["decision"]!.GetValue<string>());
        Assert.Equal("XXXXX1234F", path[0]["output"]!["payload"]!["pan"]!.GetValue<string>());
        Assert.Equal("Yes", path[1]["outcome"]!.GetValue<string>());
        Assert.Equal("""{"received":true}""", path[2]["output"]!.ToJsonString());
        Assert.Equal("Routed", Assert.Single(delivered["webhooksDelivered"]!.AsArray())!["status"]!.GetValue<string>());
        var sent = Assert.Single(delivered["signalsSent"]!.AsArray())!;
        Assert.Equal(("otp", "otp", "scenario"), (sent["name"]!.GetValue<string>(), sent["stepId"]!.GetValue<string>(), sent["source"]!.GetValue<string>()));

        var notDelivered = scenarios["9998"];
        Assert.Equal(("Completed", "TimedOut"), (notDelivered["status"]!.GetValue<string>(), notDelivered["outcome"]!.GetValue<string>()));
        Assert.Equal("Timeout", notDelivered["path"]![0]!["outcome"]!.GetValue<string>());
        Assert.Empty(notDelivered["webhooksDelivered"]!.AsArray());

        // The payloads are the caller's: the PAN is masked in the output shown, the OTP is nowhere in the report.
        Assert.DoesNotContain(Pan, body, StringComparison.Ordinal);
        Assert.DoesNotContain(Otp, body, StringComparison.Ordinal);
    }

    // Session 47: a step that ran more than once shows each run's own output on its own entry, not only on its last. The store keeps
    // one output per step (the last), and the pure steps are committed with the step before them, so only the run's engine can tell.
    [Fact]
    public async Task AStepThatRanTwice_ShowsEachRunsOwnOutput_OnItsOwnEntry()
    {
        var id = "loop-" + Guid.NewGuid().ToString("N")[..10];
        var draft = Definitions.Parse($$$"""
            {
              "id": "{{{id}}}", "version": 1, "title": "Loop",
              "input": [{ "name": "customerId", "type": "String", "required": true }],
              "variables": { "phase": null },
              "start": "first",
              "steps": [
                { "id": "first", "activity": "Core.SetVariable", "inputs": { "name": "phase", "value": "a" }, "next": { "Done": "check" } },
                { "id": "check", "activity": "Core.Branch", "inputs": { "value": "$vars.phase", "cases": { "First": "a", "Second": "b" } },
                  "next": { "First": "again", "Second": "done", "Default": "done" } },
                { "id": "again", "activity": "Core.SetVariable", "inputs": { "name": "phase", "value": "b" }, "next": { "Done": "pause" } },
                { "id": "pause", "activity": "Core.Delay", "inputs": { "duration": "PT1M" }, "next": { "Done": "check" } },
                { "id": "done", "activity": "Core.End", "inputs": { "outcome": "Looped" } }
              ]
            }
            """);
        Assert.Equal(HttpStatusCode.Created, (await _api.PostAsync("/api/workflows", Api.Json(draft.ToJsonString()))).StatusCode);

        var response = await _api.PostAsync($"/api/workflows/{id}/draft/test-runs", Api.Json("""{ "input": { "customerId": "C-LOOP-1" }, "scenarios": ["9999"] }"""));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var run = JsonNode.Parse(body)!["scenarios"]![0]!;
        Assert.Equal(("Completed", "Looped"), (run["status"]!.GetValue<string>(), run["outcome"]!.GetValue<string>()));
        var path = run["path"]!.AsArray().Select(p => p!.AsObject()).ToList();
        Assert.Equal(["first", "check", "again", "pause", "check", "done"], path.Select(p => p["stepId"]!.GetValue<string>()));
        Assert.Equal(["First", "Second"], new[] { path[1], path[4] }.Select(p => p["outcome"]!.GetValue<string>()));
        Assert.Equal("""{"matched":"First"}""", path[1]["output"]?.ToJsonString());
        Assert.Equal("""{"matched":"Second"}""", path[4]["output"]?.ToJsonString());
    }

    [Fact]
    public async Task ADeliveryToAnUnknownStepOrAStepThatIsNoWait_IsRefusedNamingTheScenarioAndField()
    {
        var id = await CreateDraftAsync();
        var url = $"/api/workflows/{id}/draft/test-runs";
        const string Input = """ "input": { "customerId": "C-OWN-2" } """;

        var unknown = await (await _api.PostAsync(url, Api.Json($$"""{ {{Input}}, "scenarios": ["9999", { "scenario": "9998", "deliver": [{ "step": "lenderHook", "payload": {} }] }] }""")))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "scenarios[1].deliver[0].step");
        Assert.Contains("lenderWebhook", unknown.ToJsonString(), StringComparison.Ordinal);
        await (await _api.PostAsync(url, Api.Json($$"""{ {{Input}}, "scenarios": [{ "scenario": "9999", "deliver": [{ "step": "otp", "payload": {} }, { "step": "decision", "payload": {} }] }] }""")))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "scenarios[0].deliver[1].step");
        await (await _api.PostAsync(url, Api.Json($$"""{ {{Input}}, "scenarios": [{ "scenario": "9999", "deliver": [{ "step": "otp", "payload": "123456" }] }] }""")))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "scenarios[0].deliver[0].payload");
        await (await _api.PostAsync(url, Api.Json($$"""{ {{Input}}, "scenarios": [{ "scenario": "9999", "delivr": [] }] }""")))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "scenarios[0].delivr");
    }
}
