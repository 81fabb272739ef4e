using System.Net;
using System.Text.Json.Nodes;
using LoanJourney.Engine.Storage;
using LoanJourney.Server.Tests.Privacy;
using LoanJourney.Server.Tests.Support;
using LoanJourney.Server.Workflows.Design.TestRuns;
using Microsoft.Extensions.DependencyInjection;

namespace LoanJourney.Server.Tests.Design;

/// <summary>
/// Where a test run stops (docs/api.md, "Test-run a draft"): a webhook wait the sandbox says nothing more is coming for, and a
/// draft the run's own engine cannot publish; and what it runs: the definition the endpoint parsed.
/// </summary>
public sealed class TestRunLimitsTests(TestRunLimitsServer fixture) : IClassFixture<TestRunLimitsServer>
{
    private const string Sdk = "finbox-sdk-journey";
    private readonly HttpClient _api = fixture.Server.CreateApiClient();

    [Fact]
    public async Task ASdkJourneyWaitingForAWebhookTheSandboxWillNeverSend_IsReportedWaiting_BeforeTheRunsTimeLimit()
    {
        await DraftTestRuns.ImportShippedAsync(_api, Sdk);

        // 0009: no eligibility data, so no eligibility webhook ever comes and the step polls until its time-out (a simulated day).
        // The sandbox has nothing to send for the borrower: the wait settles after the 5 s grace. Before, it settled after 30 s
        // of webhook wait, past this server's 20 s limit, and the run ended timed out with the journey still Running/Waiting.
        var results = await DraftTestRuns.RunAsync(_api, Sdk, """{"scenarios":["0009"]}""");

        var noEligibility = results["0009"];
        Assert.Equal(("Waiting", false), (noEligibility["status"]!.GetValue<string>(), noEligibility["finished"]!.GetValue<bool>()));
        Assert.Contains(noEligibility["waitingFor"]!.AsArray(), w => w!["kind"]!.GetValue<string>() == "Webhook" && w["stepId"]!.GetValue<string>() == "eligibility");

        // A short eligibility time-out being rehearsed (10 simulated minutes, 10 s of real time) still fires: the wait is not
        // settled early while a timer other than a poll is due within the 30 s the run used to give it.
        var input = """
            {"customerId": "CUST-DEMO-SDK-1", "mobile": "9876543210", "eligibilityTimeout": "00:10:00",
             "partnerData": {"pan": "ABCDE1234F", "name": "Ravi Kumar", "dob": "1990-05-14", "email": "ravi@example.com", "gender": "Male"},
             "partner": {"verifiedCustomerRefId": "PARTNER-REF-2"}}
            """;
        var timedOut = (await DraftTestRuns.RunAsync(_api, Sdk, $$"""{"scenarios":["0009"],"input":{{input}}}"""))["0009"];
        Assert.Equal(("Completed", "EligibilityUnavailable"), (timedOut["status"]!.GetValue<string>(), timedOut["outcome"]?.GetValue<string>()));
    }

    [Fact]
    public async Task ADraftNamingAnActivityTheServerHasAndATestRunDoesNot_Is422NamingTheStepsActivity_Not500()
    {
        const string id = "host-activity-draft";
        var definition = Definitions.Parse($$"""
            {
              "id": "{{id}}", "version": 1, "title": "A host's own activity",
              "input": [{ "name": "customerId", "type": "String", "required": true }],
              "start": "score",
              "steps": [
                { "id": "score", "activity": "{{ExplodingActivity.TypeName}}", "next": { "Done": "end" } },
                { "id": "end", "activity": "Core.End", "inputs": { "outcome": "Scored" } }
              ]
            }
            """);
        var imported = await _api.PostAsync("/api/workflows/import", Api.Json(definition.ToJsonString()));
        Assert.Equal(HttpStatusCode.Created, imported.StatusCode);

        // Valid on this server (it registers the activity); before, the run's engine failed to publish it: 500.
        var response = await _api.PostAsync($"/api/workflows/{id}/draft/test-runs", Api.Json("""{"input":{"customerId":"C-1"}}"""));

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "steps.score.activity");
        Assert.Equal("test_run_unsupported", problem["code"]?.GetValue<string>());
        Assert.Contains("Test.Explode", problem["errors"]!["steps.score.activity"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheRunnerRunsTheDefinitionTheEndpointParsed_AndNeverParsesTheDraftsJsonAgain()
    {
        const string id = "parsed-once";
        var runner = fixture.Server.Services.GetRequiredService<DraftTestRunner>();
        var definition = Definitions.Parse($$"""
            {
              "id": "{{id}}", "version": 1, "title": "Ends at once",
              "input": [{ "name": "customerId", "type": "String", "required": true }],
              "start": "end",
              "steps": [{ "id": "end", "activity": "Core.End", "inputs": { "outcome": "Ended" } }]
            }
            """);
        // Before, RunAsync took the draft's text only and parsed it again (the endpoint had parsed it to check it).
        var draft = new DraftRecord(id, 1, "not JSON: the runner is given the parsed definition", "hash", "test", DateTimeOffset.UnixEpoch);

        var outcome = await runner.RunAsync(id, draft, definition, [TestRunScenarioRequest.Plain("9999")], new JsonObject { ["customerId"] = "C-1" }, TestRunSignals.None,
            runner.SandboxBaseUrl()!, CancellationToken.None);

        var result = Assert.Single(Assert.IsType<TestRunView>(outcome.Run).Scenarios);
        Assert.Equal(("Completed", "Ended"), (result.Status, result.Outcome));
    }
}
