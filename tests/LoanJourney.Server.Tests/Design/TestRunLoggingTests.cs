using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using LoanJourney.Server.Logging;
using LoanJourney.Server.Tests.Support;
using Serilog.Events;
using Serilog.Formatting.Display;
using Serilog.Parsing;

namespace LoanJourney.Server.Tests.Design;

/// <summary>
/// A draft test run's log: its journeys' events go to the server's sinks marked as the run's and never above Information, so a
/// scenario that faults on purpose (0007: KYC fails) raises no error an operator's alert counts (docs/server.md, "Logging").
/// </summary>
public sealed class TestRunLoggingTests(SandboxKestrelServer server) : IClassFixture<SandboxKestrelServer>
{
    private const string PersonalLoan = "finbox-personal-loan";
    private readonly HttpClient _api = server.CreateApiClient();

    [Fact]
    public async Task ATestRunJourneyThatFaults_LogsItsIncidentAtInformation_MarkedWithTheRunAndTheLevelItHad()
    {
        await DraftTestRuns.ImportShippedAsync(_api, PersonalLoan);

        var response = await _api.PostAsync($"/api/workflows/{PersonalLoan}/draft/test-runs", Api.Json("""{"scenarios": ["0007"]}"""));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var result = JsonNode.Parse(body)!["scenarios"]![0]!;
        Assert.Equal("Faulted", result["status"]!.GetValue<string>());

        var events = (await server.ReadLogsAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        var ofTheRun = events.Where(e => e["Properties"]?["TestRunId"] is not null).ToList();

        // The incident the scenario raises (EngineLog 2003, an Error for a real journey): Information here, with the level it had.
        var incident = Assert.Single(ofTheRun, e => e["Properties"]!["EventId"]?["Id"]?.GetValue<int>() == 2003);
        Assert.Equal("Information", incident["Level"]?.GetValue<string>());
        var properties = incident["Properties"]!;
        Assert.Equal("Error", properties["TestRunLevel"]!.GetValue<string>());
        Assert.Equal(PersonalLoan, properties["TestRunWorkflowId"]!.GetValue<string>());
        Assert.Equal("kyc", properties["StepId"]!.GetValue<string>());
        Assert.Matches("^[0-9a-f]{32}$", properties["TestRunId"]!.GetValue<string>());

        // Its lender calls are marked too, and no event of the run is above Information ("Level" is left out for Information).
        Assert.Contains(ofTheRun, e => e["Properties"]!["EventId"]?["Id"]?.GetValue<int>() == 1001);
        Assert.All(ofTheRun, e => Assert.True(e["Level"] is null || e["Level"]!.GetValue<string>() is "Information" or "Debug" or "Verbose", e.ToJsonString()));
        Assert.DoesNotContain(events, e => e["Properties"]?["EventId"]?["Id"]?.GetValue<int>() == 2003 && e["Level"]?.GetValue<string>() == "Error");
    }

    [Fact]
    public void TheConsoleLine_StartsWithTheTestRun_ForTheRunsEventsOnly()
    {
        var formatter = new MessageTemplateTextFormatter(LoggingSetup.ConsoleTemplate, CultureInfo.InvariantCulture);
        var at = new DateTimeOffset(2026, 12, 5, 9, 30, 0, TimeSpan.Zero);
        var template = new MessageTemplateParser().Parse("Instance {InstanceId} faulted");

        var ofTheRun = new LogEvent(at, LogEventLevel.Information, null, template,
            [new LogEventProperty("InstanceId", new ScalarValue("01abc")), new LogEventProperty(LoggingSetup.TestRunTag, new ScalarValue("test run 7f3a: "))]);
        var ofTheServer = new LogEvent(at, LogEventLevel.Error, null, template, [new LogEventProperty("InstanceId", new ScalarValue("01abc"))]);

        Assert.Equal("[09:30:00 INF] test run 7f3a: Instance 01abc faulted", Render(formatter, ofTheRun));
        Assert.Equal("[09:30:00 ERR] Instance 01abc faulted", Render(formatter, ofTheServer));
    }

    private static string Render(MessageTemplateTextFormatter formatter, LogEvent logEvent)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        formatter.Format(logEvent, writer);
        return writer.ToString().TrimEnd();
    }
}
