using System.Text.Json.Nodes;
using LoanJourney.Engine.Activities;
using LoanJourney.Engine.Errors;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Tests.Support;
using static LoanJourney.Engine.Tests.Support.Defs;

namespace LoanJourney.Engine.Tests.Runtime;

public sealed class EngineRunTests
{
    // Also PureStepTests' journey: three of its steps are pure.
    internal static readonly string Linear = Workflow("linear", $"""
        {Step("a", "Test.Record", """{ "Done": "setVar" }""", """{ "label": "$input.name" }""")},
        {Step("setVar", "Core.SetVariable", """{ "Done": "branch" }""", """{ "name": "sessionUrl", "value": "https://s/{{$steps.a.output.n}}" }""")},
        {Step("branch", "Core.Branch", """{ "Approved": "b", "Default": "rejected" }""", """{ "value": "$input.decision", "cases": ["Approved"] }""")},
        {Step("b", "Test.Record", """{ "Done": "end" }""")},
        {Step("end", "Core.End", inputs: """{ "outcome": "Disbursed" }""")},
        {Step("rejected", "Core.End", inputs: """{ "outcome": "Rejected" }""")}
        """, input: """[{ "name": "name", "type": "String", "required": true }, { "name": "decision", "type": "String" }]""",
        variables: """{ "sessionUrl": null }""");

    [Fact]
    public async Task Start_RunsEveryStepToTheEndOutcome()
    {
        await using var engine = await EngineHarness.StartAsync(Linear);
        var instance = await engine.StartAndRunAsync("linear", """{ "name": "Asha", "decision": "Approved" }""", new StartOptions { CorrelationId = "loan-1" });

        Assert.Equal(WorkflowStatus.Completed, instance.Status);
        Assert.Equal("Disbursed", instance.Outcome);
        Assert.Equal(["a:Asha", "b:"], engine.Probe.Log);
        Assert.Equal("https://s/1", instance.Variables["sessionUrl"]!.GetValue<string>());
        Assert.Equal(["a", "setVar", "branch", "b", "end"], instance.Steps.Select(s => s.StepId));
        Assert.All(instance.Steps, s => Assert.Equal("Completed", s.Status));
        Assert.Equal("loan-1", instance.CorrelationId);
    }

    [Fact]
    public async Task Branch_DefaultOutcome_TakesTheOtherPath()
    {
        await using var engine = await EngineHarness.StartAsync(Linear);
        var instance = await engine.StartAndRunAsync("linear", """{ "name": "Asha", "decision": "Nope" }""");
        Assert.Equal("Rejected", instance.Outcome);
    }

    [Fact]
    public async Task Start_UnknownWorkflow_ThrowsWorkflowNotFound()
    {
        await using var engine = await EngineHarness.StartAsync(Linear);
        var ex = await Assert.ThrowsAsync<WorkflowNotFoundException>(() => engine.Client.StartAsync("nope", null));
        Assert.Equal("workflow_not_found", ex.Code);
        Assert.Contains("'nope'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_InputMissingRequiredFieldsAndWrongTypes_ListsEachField()
    {
        await using var engine = await EngineHarness.StartAsync(Linear);
        var ex = await Assert.ThrowsAsync<InputValidationException>(() => engine.Client.StartAsync("linear", JsonNode.Parse("""{ "decision": 5 }""")));
        Assert.Equal("input_invalid", ex.Code);
        Assert.Equal([("name", "required"), ("decision", "type")], ex.Errors.Select(e => (e.Field, e.Code)));
        Assert.Equal(0, (await engine.Client.QueryInstancesAsync(new InstanceQuery())).Total);
    }

    [Fact]
    public async Task Start_SameIdempotencyKey_ReturnsTheSameInstance()
    {
        await using var engine = await EngineHarness.StartAsync(Linear);
        var options = new StartOptions { IdempotencyKey = "partner-req-42" };
        var first = await engine.Client.StartAsync("linear", JsonNode.Parse("""{ "name": "A" }"""), options);
        var second = await engine.Client.StartAsync("linear", JsonNode.Parse("""{ "name": "A" }"""), options);

        Assert.Equal(first.Id, second.Id);
        await engine.DrainAsync();
        Assert.Equal(1, (await engine.Client.QueryInstancesAsync(new InstanceQuery { WorkflowId = "linear" })).Total);
        Assert.Single(engine.Probe.Log, l => l.StartsWith("a:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Delay_FiresWhenTheClockReachesItsDueTime_AndNotBefore()
    {
        await using var engine = await EngineHarness.StartAsync(Workflow("delay", $"""
            {Step("a", "Core.Delay", """{ "Done": "b" }""", """{ "duration": "00:10:00" }""")},
            {Step("b", "Test.Record")}
            """));
        var instance = await engine.StartAndRunAsync("delay");
        Assert.Equal(WorkflowStatus.Waiting, instance.Status);
        var timer = Assert.Single(instance.Bookmarks);
        Assert.Equal((BookmarkKind.Timer, engine.Clock.GetUtcNow().AddMinutes(10)), (timer.Kind, timer.DueAt));

        await engine.AdvanceAsync(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));
        Assert.Equal(WorkflowStatus.Waiting, (await engine.Client.GetInstanceAsync(instance.Id)).Status);
        Assert.Empty(engine.Probe.Log);

        await engine.AdvanceAsync(TimeSpan.FromSeconds(1));
        Assert.Equal(WorkflowStatus.Completed, (await engine.Client.GetInstanceAsync(instance.Id)).Status);
        Assert.Equal(["b:"], engine.Probe.Log);
    }

    [Fact]
    public async Task TriggerThenPoll_StepStateSurvivesSuspensionsAndRestart()
    {
        await using var engine = await EngineHarness.StartAsync(Workflow("poll", $"""{Step("a", "Test.Poll", """{ "Done": "b" }""")}, {Step("b", "Test.Record")}"""));
        var instance = await engine.StartAndRunAsync("poll");
        await engine.AdvanceAsync(TimeSpan.FromSeconds(30));
        await engine.RestartAsync();
        await engine.AdvanceAsync(TimeSpan.FromSeconds(30));
        await engine.AdvanceAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(["trigger", "poll1", "poll2", "poll3", "b:"], engine.Probe.Log);
        var done = await engine.Client.GetInstanceAsync(instance.Id);
        Assert.Equal(WorkflowStatus.Completed, done.Status);
        Assert.Equal(1, done.Steps[0].Attempt);
    }

    [Fact]
    public async Task Journal_RecordsStepEventsAndActivityEntries()
    {
        await using var engine = await EngineHarness.StartAsync(Workflow("j", $"""
            {Step("a", "Test.Record", """{ "Done": "w" }""")},
            {Step("w", "Core.WaitForSignal", """{ "Received": "f" }""", """{ "signal": "go" }""")},
            {Step("f", "Test.Flaky", inputs: """{ "failTimes": 1 }""", extra: """, "retry": { "maxAttempts": 2, "initialDelay": "00:00:05" }""")}
            """));
        var instance = await engine.StartAndRunAsync("j");
        await engine.Client.SignalAsync(instance.Id, "go", JsonNode.Parse("""{ "x": 1 }"""));
        await engine.DrainAsync();
        await engine.AdvanceAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(
            [
                "InstanceStarted", "StepStarted", "LenderCall", "StepCompleted", "StepStarted", "StepSuspended",
                "SignalReceived", "StepResumed", "StepCompleted", "StepStarted", "StepFailed", "RetryScheduled",
                "StepStarted", "StepCompleted", "InstanceCompleted",
            ],
            await engine.JournalKindsAsync(instance.Id));
        var page = await engine.Client.ReadJournalAsync(instance.Id, skip: 2, take: 1);
        Assert.Equal(15, page.Total);
        var call = Assert.Single(page.Items);
        Assert.Equal(("LenderCall", "a", "/v2/test"), (call.Kind, call.StepId, call.Data!["path"]!.GetValue<string>()));
    }

    [Fact]
    public async Task QueryInstances_FiltersAndPages()
    {
        await using var engine = await EngineHarness.StartAsync(Linear, Workflow("other", Step("a", "Test.Record")));
        for (var i = 0; i < 3; i++)
        {
            await engine.Client.StartAsync("linear", JsonNode.Parse("""{ "name": "A", "decision": "Approved" }"""), new StartOptions { CorrelationId = $"c{i}" });
            engine.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        await engine.Client.StartAsync("other", null);
        await engine.DrainAsync();

        var page = await engine.Client.QueryInstancesAsync(new InstanceQuery { WorkflowId = "linear", Status = WorkflowStatus.Completed, Take = 2 });
        Assert.Equal(3, page.Total);
        Assert.Equal(["c2", "c1"], page.Items.Select(i => i.CorrelationId));
        var byCorrelation = await engine.Client.QueryInstancesAsync(new InstanceQuery { CorrelationId = "c0" });
        Assert.Equal("linear", Assert.Single(byCorrelation.Items).WorkflowId);
        await Assert.ThrowsAsync<InstanceNotFoundException>(() => engine.Client.GetInstanceAsync("missing"));
    }
}
