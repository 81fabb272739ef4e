using LoanJourney.Engine.Model;
using LoanJourney.Engine.Tests.Support;
using static LoanJourney.Engine.Tests.Support.Defs;

namespace LoanJourney.Engine.Tests.Runtime;

/// <summary>
/// A cancel accepted while a journey's last ordinary step runs, the step before its <c>Core.End</c>: that step and the end are one
/// commit (docs/engine.md "One runner per instance"), which completed the journey with the cancel flag kept and no compensation run
/// (docs/PERFORMANCE.md round 63, "Found, left alone"). Now the merged commit that would complete the journey reads the row's mark
/// first; with the flag set the step is committed on its own, the flag comes back and the journey is cancelled and compensated
/// (docs/engine.md "Cancel").
/// </summary>
public sealed class CancelDuringTheLastStepTests
{
    private const string Undo = """, "compensation": { "activity": "Test.Compensate", "inputs": { "label": "undo-a" } }""";

    [Fact]
    public async Task ACancelWhileTheStepBeforeTheEndRuns_CancelsTheJourney_AndRunsItsCompensationOnce()
    {
        await using var engine = await EngineHarness.StartAsync(Workflow("last-step", $$"""
            {{Step("a", "Test.Record", """{ "Done": "end" }""", """{ "label": "a" }""", Undo)}},
            {{Step("end", "Core.End", inputs: """{ "outcome": "Done" }""")}}
            """, start: "a"));
        // The row is leased while a runs: the cancel is accepted and sets only the flag.
        var cancelled = await engine.CancelWhileTheStepRunsAsync("last-step", reason: "borrower withdrew");

        Assert.Equal(WorkflowStatus.Cancelled, cancelled.Status);
        Assert.Equal(["a:a", "compensate:undo-a"], engine.Probe.Log);
        Assert.Equal(["a:Completed"], cancelled.Steps.Where(s => s.StepId == "a").Select(s => $"{s.StepId}:{s.Status}"));
        Assert.DoesNotContain("InstanceCompleted", await engine.JournalKindsAsync(cancelled.Id));
    }

    [Fact]
    public async Task WithNoCancel_TheStepBeforeTheEndAndTheEnd_AreStillOneCommit()
    {
        await using var engine = await EngineHarness.StartAsync(Workflow("last-step", $$"""
            {{Step("a", "Test.Record", """{ "Done": "end" }""", """{ "label": "a" }""", Undo)}},
            {{Step("end", "Core.End", inputs: """{ "outcome": "Done" }""")}}
            """, start: "a"));
        var done = await engine.StartAndRunAsync("last-step");

        Assert.Equal((WorkflowStatus.Completed, "Done"), (done.Status, done.Outcome));
        Assert.Equal(2L, (await engine.Store.GetInstanceAsync(done.Id, default))!.Version);
        Assert.Equal(["a:a"], engine.Probe.Log);
    }
}
