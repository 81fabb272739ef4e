using LoanJourney.Engine.Activities;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Tests.Support;
using static LoanJourney.Engine.Tests.Support.Defs;

namespace LoanJourney.Engine.Tests.Runtime;

/// <summary>
/// ANCHORS.md, "timers firing ~5× after restarts" (elsa-core#5228): a durable timer, on the SQLite file, across several restarts
/// before it is due and one restart it falls due in, fires once. The journey waits for a signal after it, so a timer fired
/// again would move it (a wait for a signal takes a timer as its timeout): it must still be waiting there, on its one bookmark.
/// Then a second timer comes due while the node runs, kept both in the store and (parked) in the node's memory: it fires once too.
/// </summary>
public sealed class TimerAcrossRestartsTests
{
    private static readonly string DelayThenWait = Workflow("later", $$"""
        {{Step("a", "Test.Record", """{ "Done": "d" }""")}},
        {{Step("d", "Core.Delay", """{ "Done": "b" }""", """{ "duration": "00:00:30" }""")}},
        {{Step("b", "Test.Record", """{ "Done": "w" }""")}},
        {{Step("w", "Core.WaitForSignal", """{ "Received": "d2", "Timeout": "late" }""", """{ "signal": "go" }""")}},
        {{Step("d2", "Core.Delay", """{ "Done": "c" }""", """{ "duration": "00:00:30" }""")}},
        {{Step("c", "Test.Record", """{ "Done": "end" }""")}},
        {{Step("end", "Core.End", inputs: """{ "outcome": "Done" }""")}},
        {{Step("late", "Core.End", inputs: """{ "outcome": "TimedOut" }""")}}
        """);

    [Theory]
    [InlineData(60)] // the node keeps the 30 s timer in memory (parked, within InMemoryTimerHorizon) as well as in the store
    [InlineData(0)] // the store alone holds it
    public async Task ATimerRestartedFiveTimesBeforeItIsDue_AndDueWhileTheNodeIsDown_FiresOnce_AndSoDoesOneDueWhileItRuns(int horizonSeconds)
    {
        await using var engine = await EngineHarness.StartAsync(o => o.InMemoryTimerHorizon = TimeSpan.FromSeconds(horizonSeconds), DelayThenWait);
        var id = (await engine.StartAndRunAsync("later")).Id;
        Assert.Equal(["a:"], engine.Probe.Log);
        var timer = Assert.Single(await engine.Store.GetBookmarksAsync(id, default));
        Assert.Equal(BookmarkKind.Timer, timer.Kind);

        for (var i = 0; i < 5; i++)
        {
            await engine.RestartAsync();
            await engine.AdvanceAsync(TimeSpan.FromSeconds(5));
            Assert.Equal(["a:"], engine.Probe.Log);
        }

        // Due (and long overdue) while the node is down; it fires when the node is back.
        await engine.RestartAsync(whileStopped: () =>
        {
            engine.Clock.Advance(TimeSpan.FromMinutes(10));
            return Task.CompletedTask;
        });
        await engine.DrainAsync();
        Assert.Equal(["a:", "b:"], engine.Probe.Log);

        // More restarts and time: nothing fires again.
        for (var i = 0; i < 3; i++)
        {
            await engine.RestartAsync();
            await engine.AdvanceAsync(TimeSpan.FromMinutes(10));
        }

        Assert.Equal(["a:", "b:"], engine.Probe.Log);
        var journey = await engine.Client.GetInstanceAsync(id);
        Assert.Equal((WorkflowStatus.Waiting, "w"), (journey.Status, journey.CurrentStepId));
        var waits = Assert.Single(journey.Bookmarks);
        Assert.Equal((BookmarkKind.Signal, "go"), (waits.Kind, waits.Key));
        // A second timer, due while the node runs: kept in memory by the node that holds the lease (parked) and in the store,
        // it still fires once.
        await engine.Client.SignalAsync(id, "go", null);
        await engine.DrainAsync();
        Assert.Equal(["a:", "b:"], engine.Probe.Log);
        for (var i = 0; i < 4; i++)
        {
            await engine.AdvanceAsync(TimeSpan.FromSeconds(30));
        }

        Assert.Equal(["a:", "b:", "c:"], engine.Probe.Log);
        Assert.Equal(WorkflowStatus.Completed, (await engine.Client.GetInstanceAsync(id)).Status);
        var journal = await engine.Client.ReadJournalAsync(id, 0, 1000);
        Assert.Single(journal.Items, e => e is { Kind: JournalKinds.StepCompleted, StepId: "d" });
        Assert.Single(journal.Items, e => e is { Kind: JournalKinds.StepCompleted, StepId: "d2" });
    }
}
