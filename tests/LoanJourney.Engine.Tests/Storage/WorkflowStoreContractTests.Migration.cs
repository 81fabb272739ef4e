using LoanJourney.Engine.Activities;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Storage;

namespace LoanJourney.Engine.Tests.Storage;

public abstract partial class WorkflowStoreContractTests
{
    [Fact]
    public async Task OperatorCommit_MovesVersionStepIntentsAndIncidentInOneTransaction()
    {
        await CreateAsync("m");
        var claimed = Assert.Single(await Store.ClaimReadyAsync("node-a", T0, T0.AddMinutes(1), 1, default));
        var fence = new LeaseFence("node-a", claimed.LeaseToken);
        await Store.SaveIntentAsync(new IntentRecord("m", "disburse", "a", "{}", T0), fence, unlessCancelRequested: true, default);
        await Store.CommitAsync(Commit(claimed, fence, [Bookmark("m", BookmarkKind.Signal, "go", null)]) with
        {
            NewIncident = new IncidentRecord("inc", "m", "a", "Boom", "failed", 1, null, T0, null, null),
        }, default);
        var waiting = (await Store.GetInstanceAsync("m", default))!;

        var result = await Store.CommitAsync(new InstanceCommit
        {
            State = waiting with { WorkflowVersion = 2, CurrentStepId = "a2" },
            ExpectedVersion = waiting.Version,
            RequireNoLease = true,
            DeleteBookmarks = true,
            NewBookmarks = [Bookmark("m", BookmarkKind.Signal, "go", null) with { StepId = "a2" }],
            MoveStep = ("a", "a2"),
            Journal = [new JournalRecord(0, "m", T0, JournalKinds.Migrated, "a2", 1, "{}")],
            Now = T0,
        }, default);

        var moved = (await Store.GetInstanceAsync("m", default))!;
        Assert.Equal((2, "a2", waiting.Version + 1), (moved.WorkflowVersion, moved.CurrentStepId, result.NewVersion));
        Assert.Equal("a2", Assert.Single(await Store.GetBookmarksAsync("m", default)).StepId);
        Assert.Equal("a2", Assert.Single(await Store.GetOpenIntentsAsync("m", default)).StepId);
        Assert.Equal("a2", (await Store.GetOpenIncidentAsync("m", default))!.StepId);
    }

    [Fact]
    public async Task OperatorCommit_WhileARunnerHoldsTheLease_IsRejectedAndChangesNothing()
    {
        await CreateAsync("held");
        var claimed = Assert.Single(await Store.ClaimReadyAsync("node-a", T0, T0.AddMinutes(1), 1, default));
        await Assert.ThrowsAsync<StaleCommitException>(() => Store.CommitAsync(new InstanceCommit
        {
            State = claimed with { WorkflowVersion = 2 },
            ExpectedVersion = claimed.Version,
            RequireNoLease = true,
            Journal = [new JournalRecord(0, "held", T0, JournalKinds.Migrated, "a", 1, "{}")],
            Now = T0,
        }, default));

        var row = (await Store.GetInstanceAsync("held", default))!;
        Assert.Equal((1, claimed.Version), (row.WorkflowVersion, row.Version));
        Assert.Equal(1, (await Store.ReadJournalAsync("held", 0, 10, default)).Total);

        // Once the lease expired, the same change goes through.
        await Store.CommitAsync(new InstanceCommit
        {
            State = claimed with { WorkflowVersion = 2 },
            ExpectedVersion = claimed.Version,
            RequireNoLease = true,
            Now = T0.AddMinutes(2),
        }, default);
        Assert.Equal(2, (await Store.GetInstanceAsync("held", default))!.WorkflowVersion);
    }
}
