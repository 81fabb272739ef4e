using LoanJourney.Engine.Storage;

namespace LoanJourney.Engine.Tests.Storage;

public sealed class FunnelDeltaTests
{
    private const string T0 = "2026-12-02T10:00:00+00:00";
    private const string T1 = "2026-12-02T10:00:01.250+00:00";

    private static string Entry(string stepId, string status, string? outcome = null, string activity = "Test.Step", string? finishedAt = T1) =>
        $$"""{"stepId":"{{stepId}}","activity":"{{activity}}","attempt":1,"status":"{{status}}","startedAt":"{{T0}}"{{(finishedAt is null ? "" : $",\"finishedAt\":\"{finishedAt}\"")}}{{(outcome is null ? "" : $",\"outcome\":\"{outcome}\"")}}}""";

    private static string History(params string[] entries) => "[" + string.Join(",", entries) + "]";

    [Fact]
    public void Between_TheSameHistoryAndOutcome_ChangesNothing()
    {
        var history = History(Entry("a", "Completed", "Done"));

        Assert.Same(FunnelDelta.None, FunnelDelta.Between(history, null, history, null));
        Assert.True(FunnelDelta.Between(history, null, History(Entry("a", "Completed", "Done")), null).IsEmpty);
    }

    [Fact]
    public void Between_AStepCompleted_CountsItReachedAndCompletedWithOneExecution()
    {
        var before = History(Entry("a", "Completed", "Done"));
        var after = History(Entry("a", "Completed", "Done"), Entry("b", "Completed", "Approved"));

        var delta = FunnelDelta.Between(before, null, after, null);

        Assert.Equal([new FunnelDelta.StepChange("b", 1, 1, 0)], delta.Steps);
        Assert.Equal([new FunnelDelta.DurationChange("b", T0, T1, 1)], delta.Durations);
    }

    [Fact]
    public void Between_AWaitThatCompletes_MovesOnlyCompletedAndAddsTheExecution()
    {
        var waiting = History(Entry("a", "Waiting", finishedAt: null));
        var done = History(Entry("a", "Completed", "Done"));

        var reached = FunnelDelta.Between("[]", null, waiting, null);
        var completed = FunnelDelta.Between(waiting, null, done, null);

        Assert.Equal([new FunnelDelta.StepChange("a", 1, 0, 0)], reached.Steps);
        Assert.Empty(reached.Durations);
        Assert.Equal([new FunnelDelta.StepChange("a", 0, 1, 0)], completed.Steps);
        Assert.Equal([new FunnelDelta.DurationChange("a", T0, T1, 1)], completed.Durations);
    }

    [Fact]
    public void Between_ASecondExecutionOfAStep_CountsTheJourneyOnceAndTheExecutionAgain()
    {
        var once = History(Entry("a", "Completed", "Done"));
        var twice = History(Entry("a", "Completed", "Done"), Entry("a", "Completed", "Done"));

        var delta = FunnelDelta.Between(once, null, twice, null);

        Assert.Empty(delta.Steps);
        Assert.Equal([new FunnelDelta.DurationChange("a", T0, T1, 1)], delta.Durations);
    }

    [Fact]
    public void Between_TheJourneyEndingRejected_CountsTheRejectingStepButNotTheEndStep()
    {
        var history = History(Entry("a", "Completed", "Done"), Entry("bre", "Completed", "Rejected"), Entry("end", "Completed", "Rejected", "Core.End"));

        var delta = FunnelDelta.Between(history, null, history, "Rejected");

        Assert.Equal([new FunnelDelta.StepChange("bre", 0, 0, 1)], delta.Steps);
        Assert.Empty(delta.Durations);
    }

    [Fact]
    public void Between_AHistoryRewrittenShorter_TakesAwayWhatItNoLongerHolds()
    {
        var before = History(Entry("a", "Completed", "Done"), Entry("b", "Skipped"), Entry("c", "Running", finishedAt: null));
        var after = History(Entry("a", "Completed", "Done"));

        var delta = FunnelDelta.Between(before, null, after, null);

        Assert.Equal([new FunnelDelta.StepChange("b", -1, -1, 0), new FunnelDelta.StepChange("c", -1, 0, 0)], delta.Steps);
        Assert.Empty(delta.Durations);
    }
}
