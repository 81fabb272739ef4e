using System.Text.Json.Nodes;
using LoanJourney.Engine.Errors;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Tests.Support;
using static LoanJourney.Engine.Tests.Support.Defs;

namespace LoanJourney.Engine.Tests.Runtime;

public sealed class IncidentTests
{
    private static string Flaky(int failTimes, int maxAttempts, string extraRetry = "") => Workflow("flaky", $$"""
        {{Step("a", "Test.Record", """{ "Done": "f" }""", """{ "label": "one" }""", """, "compensation": { "activity": "Test.Compensate", "inputs": { "label": "one-{{$steps.a.output.n}}" } }""")}},
        {{Step("f", "Test.Flaky", """{ "Done": "b" }""", $$"""{ "failTimes": {{failTimes}} }""",
            $$""", "retry": { "maxAttempts": {{maxAttempts}}, "initialDelay": "00:00:10", "backoffFactor": 2, "maxDelay": "00:00:15" {{extraRetry}} }""")}},
        {{Step("b", "Test.Record", """{ "Done": "end" }""", """{ "label": "two" }""")}},
        {{Step("end", "Core.End", inputs: """{ "outcome": "Done" }""")}}
        """);

    [Fact]
    public async Task Retry_BackOffIsADurableTimer_ThatSurvivesARestartAndFiresAtTheRightTime()
    {
        await using var engine = await EngineHarness.StartAsync(Flaky(failTimes: 2, maxAttempts: 3));
        var instance = await engine.StartAndRunAsync("flaky");
        Assert.Equal(WorkflowStatus.Waiting, instance.Status);
        var retry = Assert.Single(instance.Bookmarks);
        Assert.Equal(engine.Clock.GetUtcNow().AddSeconds(10), retry.DueAt);

        await engine.RestartAsync();
        await engine.AdvanceAsync(TimeSpan.FromSeconds(9));
        Assert.Equal(["a:one", "f:attempt1"], engine.Probe.Log);
        await engine.AdvanceAsync(TimeSpan.FromSeconds(1));
        Assert.Equal(["a:one", "f:attempt1", "f:attempt2"], engine.Probe.Log);

        await engine.RestartAsync();
        await engine.AdvanceAsync(TimeSpan.FromSeconds(14));
        Assert.Equal(3, engine.Probe.Log.Count);
        await engine.AdvanceAsync(TimeSpan.FromSeconds(1));

        var done = await engine.Client.GetInstanceAsync(instance.Id);
        Assert.Equal(WorkflowStatus.Completed, done.Status);
        Assert.Equal(["a:one", "f:attempt1", "f:attempt2", "f:attempt3", "b:two"], engine.Probe.Log);
        Assert.Equal(3, done.Steps.Single(s => s.StepId == "f").Attempt);
    }

    [Fact]
    public async Task Defer_WaitsOnADurableTimerWithoutSpendingAnAttempt()
    {
        // Four refusals (an open circuit) against two attempts: deferrals are not attempts, so the step still completes.
        await using var engine = await EngineHarness.StartAsync(Flaky(failTimes: 4, maxAttempts: 2).Replace(
            "\"failTimes\": 4 }", "\"failTimes\": 4, \"deferSeconds\": 30 }", StringComparison.Ordinal));
        var instance = await engine.StartAndRunAsync("flaky");
        var timer = Assert.Single(instance.Bookmarks);
        Assert.Equal(engine.Clock.GetUtcNow().AddSeconds(30), timer.DueAt);
        // Keyed by what it waits out (no waitingOn given: its error kind), which the journeys list's deferredOn finds (session 48).
        Assert.Equal(("$retry", "LenderUnavailable"), (timer.Name, timer.Key));

        await engine.RestartAsync();
        await engine.AdvanceAsync(TimeSpan.FromSeconds(29));
        Assert.Equal(["a:one", "f:attempt1"], engine.Probe.Log);
        for (var i = 0; i < 4; i++)
        {
            await engine.AdvanceAsync(TimeSpan.FromSeconds(30));
        }

        var done = await engine.Client.GetInstanceAsync(instance.Id);
        Assert.Equal(WorkflowStatus.Completed, done.Status);
        Assert.Equal(["a:one", "f:attempt1", "f:attempt1", "f:attempt1", "f:attempt1", "f:attempt1", "b:two"], engine.Probe.Log);
        Assert.Equal(1, done.Steps.Single(s => s.StepId == "f").Attempt);
        var kinds = await engine.JournalKindsAsync(instance.Id);
        Assert.Equal(4, kinds.Count(k => k == JournalKinds.StepDeferred));
        Assert.DoesNotContain(JournalKinds.RetryScheduled, kinds);
    }

    [Fact]
    public async Task Defer_PastMaxStepDeferral_SpendsAttemptsAndEndsInAnIncident()
    {
        await using var engine = await EngineHarness.StartAsync(o => o.MaxStepDeferral = TimeSpan.FromSeconds(60), Flaky(failTimes: 100, maxAttempts: 2).Replace(
            "\"failTimes\": 100 }", "\"failTimes\": 100, \"deferSeconds\": 30 }", StringComparison.Ordinal));
        var instance = await engine.StartAndRunAsync("flaky");

        // Deferred at 0 s and 30 s; at 60 s the refusal is attempt 1 (retry in 10 s), at 70 s attempt 2 exhausts the policy.
        await engine.AdvanceAsync(TimeSpan.FromSeconds(30));
        await engine.AdvanceAsync(TimeSpan.FromSeconds(30));
        await engine.AdvanceAsync(TimeSpan.FromSeconds(10));

        var faulted = await engine.Client.GetInstanceAsync(instance.Id);
        Assert.Equal(WorkflowStatus.Faulted, faulted.Status);
        Assert.Equal(("f", "LenderUnavailable", 2), (faulted.Incident!.StepId, faulted.Incident.ErrorKind, faulted.Incident.Attempts));
        var kinds = await engine.JournalKindsAsync(instance.Id);
        Assert.Equal(2, kinds.Count(k => k == JournalKinds.StepDeferred));
        Assert.Single(kinds, k => k == JournalKinds.RetryScheduled);
    }

    [Fact]
    public async Task ExhaustedRetries_FaultTheInstanceWithAnIncident_ThenRetryRunsTheStepAgain()
    {
        await using var engine = await EngineHarness.StartAsync(Flaky(failTimes: 2, maxAttempts: 2));
        var instance = await engine.StartAndRunAsync("flaky");
        await engine.AdvanceAsync(TimeSpan.FromSeconds(10));

        var faulted = await engine.Client.GetInstanceAsync(instance.Id);
        Assert.Equal(WorkflowStatus.Faulted, faulted.Status);
        Assert.NotNull(faulted.Incident);
        Assert.Equal(("f", "LenderDown", 2, "call 2 failed"), (faulted.Incident.StepId, faulted.Incident.ErrorKind, faulted.Incident.Attempts, faulted.Incident.Message));
        Assert.Equal(503, faulted.Incident.Details!["status"]!.GetValue<int>());

        await engine.Client.RetryIncidentAsync(instance.Id);
        await engine.DrainAsync();

        var done = await engine.Client.GetInstanceAsync(instance.Id);
        Assert.Equal(WorkflowStatus.Completed, done.Status);
        Assert.Null(done.Incident);
        Assert.Contains(JournalKinds.IncidentRetried, await engine.JournalKindsAsync(instance.Id));
    }

    [Fact]
    public async Task NonRetryableErrorKind_FaultsAtOnce()
    {
        await using var engine = await EngineHarness.StartAsync(Flaky(failTimes: 1, maxAttempts: 5, extraRetry: """, "nonRetryable": ["LenderDown"]"""));
        var instance = await engine.StartAndRunAsync("flaky");
        Assert.Equal(WorkflowStatus.Faulted, instance.Status);
        Assert.Equal(1, instance.Incident!.Attempts);
    }

    [Fact]
    public async Task SkipIncident_ContinuesAlongTheChosenOutcome()
    {
        await using var engine = await EngineHarness.StartAsync(Flaky(failTimes: 9, maxAttempts: 1));
        var instance = await engine.StartAndRunAsync("flaky");

        var unknown = await Assert.ThrowsAsync<UnknownOutcomeException>(() => engine.Client.SkipIncidentAsync(instance.Id, "Sideways"));
        Assert.Equal(["Done"], unknown.Allowed);
        await engine.Client.SkipIncidentAsync(instance.Id, "Done");
        await engine.DrainAsync();

        var done = await engine.Client.GetInstanceAsync(instance.Id);
        Assert.Equal(WorkflowStatus.Completed, done.Status);
        Assert.Equal("Skipped", done.Steps.Single(s => s.StepId == "f").Status);
        Assert.Equal(["a:one", "f:attempt1", "b:two"], engine.Probe.Log);
    }

    [Fact]
    public async Task SkipOfAFailedCompensation_TakesNoOutcome_AndRecordsTheStepAsNotCompensated()
    {
        // a's compensation (the release of a block) fails for good; the journey waits at "wait" when it is cancelled.
        await using var engine = await EngineHarness.StartAsync(Workflow("release", $$"""
            {{Step("a", "Test.Record", """{ "Done": "wait" }""", """{ "label": "block" }""",
                """, "compensation": { "activity": "Test.Flaky", "inputs": { "failTimes": 9, "retryable": false, "errorKind": "LenderRefused" } }""")}},
            {{Step("wait", "Core.WaitForSignal", """{ "Received": "end" }""", """{ "signal": "go" }""")}},
            {{Step("end", "Core.End", inputs: """{ "outcome": "Done" }""")}}
            """));
        var waiting = await engine.StartAndRunAsync("release");
        await engine.Client.CancelAsync(waiting.Id, "borrower withdrew");
        await engine.DrainAsync();
        var faulted = await engine.Client.GetInstanceAsync(waiting.Id);
        Assert.Equal((WorkflowStatus.Faulted, "a", true), (faulted.Status, faulted.Incident?.StepId, faulted.CancelRequested));
        var before = await engine.Store.GetInstanceAsync(waiting.Id, default);

        // The step's forward outcome is no answer for its compensation: refused, nothing changed.
        var withOutcome = await Assert.ThrowsAsync<InvalidInstanceStateException>(() => engine.Client.SkipIncidentAsync(waiting.Id, "Done", "ops", "released by phone"));
        Assert.Contains("without an outcome", withOutcome.Message, StringComparison.Ordinal);
        Assert.Equal(before!.Version, (await engine.Store.GetInstanceAsync(waiting.Id, default))!.Version);

        await engine.Client.SkipIncidentAsync(waiting.Id, outcome: null, "ops", "block stays; lender ops will release it");
        await engine.DrainAsync();

        var cancelled = await engine.Client.GetInstanceAsync(waiting.Id);
        var a = cancelled.Steps.Single(s => s.StepId == "a");
        Assert.Equal((WorkflowStatus.Cancelled, false, true), (cancelled.Status, a.Compensated, a.CompensationSkipped));
        Assert.Equal(["a:block", "a:attempt1"], engine.Probe.Log);
        Assert.Contains(JournalKinds.IncidentSkipped, await engine.JournalKindsAsync(waiting.Id));
    }

    [Fact]
    public async Task RetryOrSkip_WithoutAnIncident_ThrowsNoIncident()
    {
        await using var engine = await EngineHarness.StartAsync(Flaky(failTimes: 0, maxAttempts: 1));
        var instance = await engine.StartAndRunAsync("flaky");

        var ex = await Assert.ThrowsAsync<NoIncidentException>(() => engine.Client.RetryIncidentAsync(instance.Id));
        Assert.Equal("no_incident", ex.Code);
        Assert.Contains("Completed", ex.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<NoIncidentException>(() => engine.Client.SkipIncidentAsync(instance.Id, "Done"));
    }

    [Fact]
    public async Task CancelAFaultedInstance_RunsCompensationAndResolvesTheIncident()
    {
        await using var engine = await EngineHarness.StartAsync(Flaky(failTimes: 9, maxAttempts: 1));
        var instance = await engine.StartAndRunAsync("flaky");

        await engine.Client.CancelAsync(instance.Id, "operator gave up");
        await engine.DrainAsync();

        var cancelled = await engine.Client.GetInstanceAsync(instance.Id);
        Assert.Equal(WorkflowStatus.Cancelled, cancelled.Status);
        Assert.Null(cancelled.Incident);
        Assert.Equal(["a:one", "f:attempt1", "compensate:one-1"], engine.Probe.Log);
        await Assert.ThrowsAsync<InvalidInstanceStateException>(() => engine.Client.CancelAsync(instance.Id));
    }

    [Fact]
    public async Task Cancel_RunsCompensationsInReverseCompletionOrder_AndRemovesBookmarks()
    {
        await using var engine = await EngineHarness.StartAsync(Workflow("comp", $"""
            {Step("a", "Test.Record", """{ "Done": "b" }""", """{ "label": "a" }""", """, "compensation": { "activity": "Test.Compensate", "inputs": { "label": "undo-a" } }""")},
            {Step("b", "Test.Record", """{ "Done": "c" }""", """{ "label": "b" }""")},
            {Step("c", "Test.Record", """{ "Done": "wait" }""", """{ "label": "c" }""", """, "compensation": { "activity": "Test.Compensate", "inputs": { "label": "$steps.c.output.label" } }""")},
            {Step("wait", "Core.WaitForSignal", inputs: """{ "signal": "never" }""")}
            """));
        var instance = await engine.StartAndRunAsync("comp");
        Assert.Equal(WorkflowStatus.Waiting, instance.Status);

        await engine.Client.CancelAsync(instance.Id, "customer withdrew");
        await engine.DrainAsync();

        var cancelled = await engine.Client.GetInstanceAsync(instance.Id);
        Assert.Equal(WorkflowStatus.Cancelled, cancelled.Status);
        Assert.Empty(cancelled.Bookmarks);
        Assert.Equal(["a:a", "b:b", "c:c", "compensate:c", "compensate:undo-a"], engine.Probe.Log);
        Assert.Equal(2, (await engine.JournalKindsAsync(instance.Id)).Count(k => k == JournalKinds.CompensationCompleted));
        Assert.Equal(WorkflowStatus.Cancelled, (await engine.Client.QueryInstancesAsync(new InstanceQuery { Status = WorkflowStatus.Cancelled })).Items.Single().Status);
    }

    [Fact]
    public async Task Cancel_WhileAStepRuns_TheStepStillCommitsAndIsCompensated()
    {
        await using var engine = await EngineHarness.StartAsync(Workflow("slow", $"""
            {Step("a", "Test.Record", """{ "Done": "b" }""", """{ "label": "block" }""", """, "compensation": { "activity": "Test.Compensate", "inputs": { "label": "cancel-block" } }""")},
            {Step("b", "Test.Record", inputs: """{ "label": "never" }""")}
            """));
        var instance = await engine.CancelWhileTheStepRunsAsync("slow");

        Assert.Equal(["a:block", "compensate:cancel-block"], engine.Probe.Log);
        Assert.Equal(WorkflowStatus.Cancelled, (await engine.Client.GetInstanceAsync(instance.Id)).Status);
    }

    // A payment journey whose money step is held at holdAt ("beforeSend": before it saves its intent; "afterSend": with its call
    // out) while a cancel is committed; then it runs to its end. Returns the engine and the journey as it ended.
    private static async Task<(EngineHarness Engine, WorkflowInstance Ended)> CancelWhilePayIsHeldAsync(string holdAt)
    {
        var engine = await EngineHarness.StartAsync(Workflow("pay", $$"""
            {{Step("a", "Test.Record", """{ "Done": "pay" }""", """{ "label": "block" }""", """, "compensation": { "activity": "Test.Compensate", "inputs": { "label": "cancel-block" } }""")}},
            {{Step("pay", "Test.Pay", """{ "Done": "share" }""", $$"""{ "holdAt": "{{holdAt}}" }""")}},
            {{Step("share", "Test.Record", """{ "Done": "end" }""", """{ "label": "paid" }""")}},
            {{Step("end", "Core.End", inputs: """{ "outcome": "Paid" }""")}}
            """));
        try
        {
            return (engine, await engine.CancelWhileTheStepRunsAsync("pay", pay: true, reason: "borrower withdrew"));
        }
        catch
        {
            await engine.DisposeAsync();
            throw;
        }
    }

    [Fact]
    public async Task Cancel_CommittedBeforeAMoneyStepSavesItsIntent_TheCallIsNeverSent_AndTheJourneyCompensates()
    {
        // The cancel lands between the previous step's commit and the money call (a borrower's OTP, then a cancel 10 ms later):
        // the runner learns of it only at its next commit, which would have been after the tranche was sent.
        var (engine, cancelled) = await CancelWhilePayIsHeldAsync("beforeSend");
        await using var _ = engine;

        Assert.Equal(["a:block", "compensate:cancel-block"], engine.Probe.Log);
        Assert.Equal(WorkflowStatus.Cancelled, cancelled.Status);
        Assert.Empty(await engine.Store.GetOpenIntentsAsync(cancelled.Id, default));
        Assert.DoesNotContain(cancelled.Steps, s => s.StepId == "pay" && s.Status == "Completed");
    }

    [Fact]
    public async Task Cancel_WhileAMoneyCallIsOut_ItsAnswerIsStillRecorded_ThenTheJourneyCompensates()
    {
        var (engine, cancelled) = await CancelWhilePayIsHeldAsync("afterSend");
        await using var _ = engine;

        // The call was out and cannot be recalled: its step completes with the answer recorded, and the cancel's compensations
        // run after it (nothing later runs). A compensation the lender then refuses (a block already drawn) stops with an incident.
        Assert.Equal(["a:block", "pay:send", "compensate:cancel-block"], engine.Probe.Log);
        Assert.Equal(WorkflowStatus.Cancelled, cancelled.Status);
        Assert.Contains(cancelled.Steps, s => s.StepId == "pay" && s.Status == "Completed");
    }

    [Fact]
    public async Task Intent_SavedBeforeACrash_IsSeenByTheReRunWhichReconcilesInsteadOfSending()
    {
        await using var engine = await EngineHarness.StartAsync(Workflow("once", Step("a", "Test.Once", extra: """, "retry": { "maxAttempts": 2, "initialDelay": "00:00:01" }""")));
        var instance = await engine.StartAndRunAsync("once");
        await engine.RestartAsync();
        await engine.AdvanceAsync(TimeSpan.FromSeconds(1));

        Assert.Equal(["send", "reconcile:R1"], engine.Probe.Log);
        Assert.Equal(WorkflowStatus.Completed, (await engine.Client.GetInstanceAsync(instance.Id)).Status);
        Assert.Empty(await engine.Store.GetOpenIntentsAsync(instance.Id, default));
    }

    [Fact]
    public async Task Versioning_RunningInstanceStaysOnItsVersion_NewStartsUseTheNewOne()
    {
        await using var engine = await EngineHarness.StartAsync(Workflow("ver", $"""
            {Step("a", "Core.WaitForSignal", """{ "Received": "b" }""", """{ "signal": "go" }""")},
            {Step("b", "Test.Record", inputs: """{ "label": "v1" }""")}
            """));
        var old = await engine.StartAndRunAsync("ver");
        engine.WriteDefinition("def0.json", Workflow("ver", version: 2, steps: $"""
            {Step("a", "Core.WaitForSignal", """{ "Received": "b" }""", """{ "signal": "go" }""")},
            {Step("b", "Test.Record", inputs: """{ "label": "v2" }""")}
            """));
        await engine.RestartAsync();
        Assert.Empty(engine.Catalog.LoadErrors);

        var fresh = await engine.StartAndRunAsync("ver");
        await engine.Client.SignalAsync(old.Id, "go", null);
        await engine.Client.SignalAsync(fresh.Id, "go", null);
        await engine.DrainAsync();

        Assert.Equal((1, 2), (old.WorkflowVersion, fresh.WorkflowVersion));
        Assert.Equal(["b:v1", "b:v2"], engine.Probe.Log.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Versioning_SameVersionWithDifferentContent_IsALoadErrorAndTheStoredOneStays()
    {
        await using var engine = await EngineHarness.StartAsync(Workflow("ver", Step("a", "Test.Record", inputs: """{ "label": "original" }""")));
        engine.WriteDefinition("def0.json", Workflow("ver", Step("a", "Test.Record", inputs: """{ "label": "edited" }""")));

        var result = await engine.Catalog.ReloadAsync();

        var error = Assert.Single(result.Errors);
        Assert.Equal((Engine.Definitions.DefinitionErrorCode.VersionConflict, "def0.json"), (error.Code, error.File));
        await engine.StartAndRunAsync("ver");
        Assert.Equal(["a:original"], engine.Probe.Log);
    }

    [Fact]
    public async Task CorruptDefinitionFile_IsReportedAndTheOthersStillRun()
    {
        await using var engine = await EngineHarness.StartAsync(Workflow("good", Step("a", "Test.Record")));
        engine.WriteDefinition("zz-broken.json", "{ not json");

        var result = await engine.Catalog.ReloadAsync();

        Assert.Equal(Engine.Definitions.DefinitionErrorCode.CorruptFile, Assert.Single(result.Errors).Code);
        Assert.Equal(WorkflowStatus.Completed, (await engine.StartAndRunAsync("good")).Status);
        await Assert.ThrowsAsync<WorkflowNotFoundException>(() => engine.Client.StartAsync("broken", JsonNode.Parse("{}")));
    }
}
