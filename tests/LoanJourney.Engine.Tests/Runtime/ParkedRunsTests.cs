using LoanJourney.Engine.Model;
using LoanJourney.Engine.Runtime;
using LoanJourney.Engine.Storage;

namespace LoanJourney.Engine.Tests.Runtime;

/// <summary>Release requests from another node (<see cref="ParkedRuns.RequestRelease"/>): for a run parked now, and for one in flight.</summary>
public sealed class ParkedRunsTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ARunParkedWhenTheRequestComes_IsTakenOut()
    {
        var runs = new ParkedRuns();
        runs.Park(Run("i"));

        var taken = runs.RequestRelease("i", Now, Now.AddSeconds(10));

        Assert.Equal(("i", 0), (taken?.State.Id, runs.Count));
    }

    [Fact]
    public void ARunInFlightWhenTheRequestComes_IsNotParkedWhenItSuspends_WhileTheRequestHolds()
    {
        var runs = new ParkedRuns();
        Assert.Null(runs.RequestRelease("i", Now, Now.AddSeconds(10)));

        Assert.False(runs.ParkUnlessReleaseRequested(Run("i"), Now.AddSeconds(2)));
        Assert.Equal(0, runs.Count);

        // The request was used up: the run's next suspension parks as usual; so does another journey's.
        Assert.True(runs.ParkUnlessReleaseRequested(Run("i"), Now.AddSeconds(3)));
        Assert.True(runs.ParkUnlessReleaseRequested(Run("j"), Now.AddSeconds(3)));
        Assert.Equal(2, runs.Count);
    }

    [Fact]
    public void ARequestThatExpired_LeavesTheRunParked()
    {
        var runs = new ParkedRuns();
        Assert.Null(runs.RequestRelease("i", Now, Now.AddSeconds(10)));

        Assert.True(runs.ParkUnlessReleaseRequested(Run("i"), Now.AddSeconds(11)));
        Assert.Equal(1, runs.Count);
    }

    private static ParkedRun Run(string id) => new(new InstanceRecord
    {
        Id = id, WorkflowId = "wf", WorkflowVersion = 1, Status = WorkflowStatus.Waiting, InputJson = "{}", VariablesJson = "{}",
        OutputsJson = "{}", HistoryJson = "[]", CurrentStepId = "poll", ReadyAt = null, CreatedAt = Now, UpdatedAt = Now, LeaseOwner = "n", LeaseToken = 1,
    }, [], Now.AddSeconds(5), Now.AddMinutes(1));
}
