using LoanJourney.Engine.Model;
using LoanJourney.Engine.Tests.Support;
using static LoanJourney.Engine.Tests.Support.Defs;

namespace LoanJourney.Engine.Tests.Runtime;

/// <summary>
/// A pure step with nothing before it in its run to be committed with (the journey's first step, as the shipped workflows'
/// <c>partnerAwaits</c>: a <c>Core.Branch</c> carrying only a cancel compensation) holds its completion for the next step's commit
/// (round 63, docs/engine.md "One runner per instance"). The instance's version counts its commits (version 1 is the start): the
/// hold is one commit fewer, never timed. A cancel before or during the next step still runs the pure step's compensation, once.
/// </summary>
public sealed class PureFirstStepHoldTests
{
    private const string Told = """, "compensation": { "activity": "Test.Compensate", "inputs": { "label": "told" } }""";

    private static string FirstPure(string nextStep) => Workflow("pure-first", $$"""
        {{Step("p", "Core.Branch", """{ "Default": "n" }""", """{ "value": "x", "cases": [] }""", Told)}},
        {{nextStep}},
        {{Step("end", "Core.End", inputs: """{ "outcome": "Done" }""")}}
        """, start: "p");

    [Fact]
    public async Task APureFirstStep_RidesWithTheNextStepsSuspension_AndACancelRunsItsCompensationOnce()
    {
        await using var engine = await EngineHarness.StartAsync(FirstPure(Step("n", "Core.WaitForSignal", """{ "Received": "end" }""", """{ "signal": "go" }""")));
        var waiting = await engine.StartAndRunAsync("pure-first");

        // p's completion and n's suspension in one commit: version 2 (3 when the pure first step committed alone).
        Assert.Equal((WorkflowStatus.Waiting, "n"), (waiting.Status, waiting.CurrentStepId));
        Assert.Equal(2L, (await engine.Store.GetInstanceAsync(waiting.Id, default))!.Version);
        Assert.Equal(["InstanceStarted", "StepStarted", "StepCompleted", "StepStarted", "StepSuspended"], await engine.JournalKindsAsync(waiting.Id));
        Assert.Equal(["p:Completed", "n:Waiting"], waiting.Steps.Select(s => $"{s.StepId}:{s.Status}"));

        await engine.Client.CancelAsync(waiting.Id, "borrower withdrew");
        await engine.DrainAsync();

        Assert.Equal(WorkflowStatus.Cancelled, (await engine.Client.GetInstanceAsync(waiting.Id)).Status);
        Assert.Equal(["compensate:told"], engine.Probe.Log);
    }

    [Fact]
    public async Task APureFirstStep_RidesWithTheNextStepsIncident_AndACancelRunsItsCompensationOnce()
    {
        await using var engine = await EngineHarness.StartAsync(FirstPure(Step("n", "Test.Flaky", """{ "Done": "end" }""", """{ "failTimes": 5, "retryable": false }""")));
        var faulted = await engine.StartAndRunAsync("pure-first");

        Assert.Equal(WorkflowStatus.Faulted, faulted.Status);
        Assert.Equal(2L, (await engine.Store.GetInstanceAsync(faulted.Id, default))!.Version);

        await engine.Client.CancelAsync(faulted.Id, "borrower withdrew");
        await engine.DrainAsync();

        Assert.Equal(WorkflowStatus.Cancelled, (await engine.Client.GetInstanceAsync(faulted.Id)).Status);
        Assert.Equal(["n:attempt1", "compensate:told"], engine.Probe.Log);
    }

    // A cancel while the next step runs, its completion held: the row is leased, so the cancel sets only the flag. A once-only step's
    // intent is refused (nothing sent), the held completion is committed on its own and brings the cancel back; a step that is not
    // once-only commits with the held completion and the cancel comes back with that commit. Either way the compensation runs once.
    [Fact]
    public async Task ACancelWhileTheNextOnceOnlyStepRuns_RefusesItsIntent_AndRunsThePureStepsCompensationOnce()
    {
        await using var engine = await EngineHarness.StartAsync(FirstPure(Step("n", "Test.Pay", """{ "Done": "end" }""", """{ "holdAt": "beforeSend" }""")));
        var cancelled = await engine.CancelWhileTheStepRunsAsync("pure-first", pay: true, reason: "borrower withdrew");

        Assert.Equal(WorkflowStatus.Cancelled, cancelled.Status);
        Assert.Equal(["compensate:told"], engine.Probe.Log);
        Assert.Empty(await engine.Store.GetOpenIntentsAsync(cancelled.Id, default));
    }

    [Fact]
    public async Task ACancelWhileTheNextStepRuns_ComesBackWithItsCommit_AndRunsThePureStepsCompensationOnce()
    {
        // n leads to a wait, not to the end: a cancel during a journey's last step before its Core.End is CancelDuringTheLastStepTests'.
        await using var engine = await EngineHarness.StartAsync(FirstPure(Step("n", "Test.Record", """{ "Done": "w" }""", """{ "label": "block" }""") + ",\n"
            + Step("w", "Core.WaitForSignal", """{ "Received": "end" }""", """{ "signal": "go" }""")));
        Assert.Equal(WorkflowStatus.Cancelled, (await engine.CancelWhileTheStepRunsAsync("pure-first", reason: "borrower withdrew")).Status);
        Assert.Equal(["n:block", "compensate:told"], engine.Probe.Log);
    }

    // A pure first step followed by another pure step: the existing hold (a step and the pure one after it) carries both, as before.
    [Fact]
    public async Task APureFirstStepFollowedByAPureStep_IsCommittedWithIt_AsBefore()
    {
        await using var engine = await EngineHarness.StartAsync(Workflow("pure-loop", $$"""
            {{Step("p", "Core.Branch", """{ "Default": "end" }""", """{ "value": "x", "cases": [] }""", Told)}},
            {{Step("end", "Core.End", inputs: """{ "outcome": "Done" }""")}}
            """, start: "p"));
        var done = await engine.StartAndRunAsync("pure-loop");

        // p and end are both pure: one commit carries both (version 2), as before.
        Assert.Equal((WorkflowStatus.Completed, "Done"), (done.Status, done.Outcome));
        Assert.Equal(2L, (await engine.Store.GetInstanceAsync(done.Id, default))!.Version);
        Assert.Empty(engine.Probe.Log);
    }
}
