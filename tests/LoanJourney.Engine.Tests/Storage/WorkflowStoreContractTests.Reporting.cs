using LoanJourney.Engine.Activities;
using System.Text.Json;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Storage;

namespace LoanJourney.Engine.Tests.Storage;

// Listing, change feed and funnel: what the management API, the dashboard and live updates read.
public abstract partial class WorkflowStoreContractTests
{
    private static readonly JsonSerializerOptions HistoryJson = new(JsonSerializerDefaults.Web);

    private static StepHistoryEntry Executed(string stepId, string status, string? outcome = null, int startSecond = 0, int? durationMs = null, string activity = "Test.Step") => new()
    {
        StepId = stepId,
        Activity = activity,
        Status = status,
        Outcome = outcome,
        StartedAt = T0.AddSeconds(startSecond),
        FinishedAt = durationMs is { } d ? T0.AddSeconds(startSecond).AddMilliseconds(d) : null,
    };

    private async Task SeedAsync(
        string id, WorkflowStatus status, string? outcome = null, string? currentStep = null, string workflowId = "wf",
        DateTimeOffset? createdAt = null, DateTimeOffset? updatedAt = null, string? correlationId = null, params StepHistoryEntry[] history)
    {
        var record = NewInstance(id) with
        {
            WorkflowId = workflowId,
            Status = status,
            Outcome = outcome,
            CurrentStepId = currentStep,
            CorrelationId = correlationId,
            ReadyAt = status == WorkflowStatus.Running ? T0 : null,
            HistoryJson = JsonSerializer.Serialize(history, HistoryJson),
            CreatedAt = createdAt ?? T0,
            UpdatedAt = updatedAt ?? createdAt ?? T0,
        };
        await Store.CreateInstanceAsync(record, Started(id), default);
    }

    private async Task RaiseIncidentAsync(string id)
    {
        var claimed = Assert.Single(await Store.ClaimReadyAsync("node-a", T0, T0.AddMinutes(1), 10, default), i => i.Id == id);
        await Store.CommitAsync(Commit(claimed, new LeaseFence("node-a", claimed.LeaseToken)) with
        {
            State = claimed with { Status = WorkflowStatus.Faulted, ReadyAt = null },
            ReleaseLease = true,
            NewIncident = new IncidentRecord("inc-" + id, id, "a", "Retryable", "boom", 3, null, T0, null, null),
        }, default);
    }

    [Fact]
    public async Task ListInstances_AppliesEveryFilter_AndCountsByStatusIgnoreOnlyTheStatusFilter()
    {
        await SeedAsync("done", WorkflowStatus.Completed, "Disbursed", createdAt: T0, correlationId: "C1");
        await SeedAsync("rejected", WorkflowStatus.Completed, "Rejected", createdAt: T0.AddMinutes(1));
        await SeedAsync("waiting", WorkflowStatus.Waiting, currentStep: "a", createdAt: T0.AddMinutes(2));
        await SeedAsync("other", WorkflowStatus.Waiting, workflowId: "other", createdAt: T0.AddMinutes(3));

        var completed = await Store.ListInstancesAsync(new InstanceQuery { WorkflowId = "wf", Statuses = [WorkflowStatus.Completed] }, default);
        Assert.Equal(["rejected", "done"], completed.Items.Select(i => i.Id));
        Assert.Equal(2, completed.Total);
        Assert.Equal(2, completed.CountsByStatus[WorkflowStatus.Completed]);
        Assert.Equal(1, completed.CountsByStatus[WorkflowStatus.Waiting]);
        Assert.Equal(0, completed.CountsByStatus[WorkflowStatus.Faulted]);

        Assert.Equal(["done"], (await Store.ListInstancesAsync(new InstanceQuery { Outcome = "Disbursed" }, default)).Items.Select(i => i.Id));
        Assert.Equal(["done"], (await Store.ListInstancesAsync(new InstanceQuery { CorrelationId = "C1" }, default)).Items.Select(i => i.Id));
        var window = await Store.ListInstancesAsync(new InstanceQuery { CreatedFrom = T0.AddMinutes(1), CreatedTo = T0.AddMinutes(2) }, default);
        Assert.Equal(["waiting", "rejected"], window.Items.Select(i => i.Id));
        var two = await Store.ListInstancesAsync(new InstanceQuery { Statuses = [WorkflowStatus.Completed, WorkflowStatus.Waiting], Take = 1, Skip = 1 }, default);
        Assert.Equal((4L, "waiting"), (two.Total, Assert.Single(two.Items).Id));
    }

    [Fact]
    public async Task ListInstances_SortsByEitherTimeInEitherOrder()
    {
        await SeedAsync("old-but-fresh", WorkflowStatus.Completed, createdAt: T0, updatedAt: T0.AddHours(2));
        await SeedAsync("new-but-stale", WorkflowStatus.Completed, createdAt: T0.AddMinutes(1), updatedAt: T0.AddMinutes(1));

        var byUpdated = await Store.ListInstancesAsync(new InstanceQuery { Sort = InstanceSortField.UpdatedAt, Descending = false }, default);
        var byCreated = await Store.ListInstancesAsync(new InstanceQuery { Sort = InstanceSortField.CreatedAt, Descending = true }, default);
        var updatedWindow = await Store.ListInstancesAsync(new InstanceQuery { UpdatedFrom = T0.AddHours(1), UpdatedTo = T0.AddHours(3) }, default);

        Assert.Equal(["new-but-stale", "old-but-fresh"], byUpdated.Items.Select(i => i.Id));
        Assert.Equal(["new-but-stale", "old-but-fresh"], byCreated.Items.Select(i => i.Id));
        Assert.Equal(["old-but-fresh"], updatedWindow.Items.Select(i => i.Id));
    }

    // Session 48: a deferred step's timer carries what it waits out (a lender API's open breaker) as its key; the list finds
    // those journeys by it (one API or any), the summary names it, the funnel counts them per API. A poll timer has no key.
    [Fact]
    public async Task ListInstances_FindsTheJourneysWhoseDeferralTimerWaitsOnAnApi_AndTheFunnelCountsThemPerApi()
    {
        foreach (var (id, key) in new[] { ("deferred-fb", "FinBoxPrism"), ("deferred-cf", "CapitalFloat"), ("polling", (string?)null) })
        {
            await CreateAsync(id);
            var claimed = Assert.Single(await Store.ClaimReadyAsync("node-a", T0, T0.AddMinutes(1), 10, default), i => i.Id == id);
            await Store.CommitAsync(Commit(claimed, new LeaseFence("node-a", claimed.LeaseToken),
                [Bookmark(id, BookmarkKind.Timer, key is null ? "poll" : "$retry", key, T0.AddMinutes(30))]), default);
        }

        var finBox = await Store.ListInstancesAsync(new InstanceQuery { DeferredOn = "FinBoxPrism" }, default);
        var any = await Store.ListInstancesAsync(new InstanceQuery { DeferredOn = InstanceQuery.AnyDeferral, Statuses = [WorkflowStatus.Waiting] }, default);
        var none = await Store.ListInstancesAsync(new InstanceQuery { DeferredOn = "Partners:acme" }, default);
        var all = await Store.ListInstancesAsync(new InstanceQuery(), default);

        Assert.Equal(("deferred-fb", "FinBoxPrism", 1L, 1L), (Assert.Single(finBox.Items).Id, finBox.Items[0].DeferredOn, finBox.Total, finBox.CountsByStatus[WorkflowStatus.Waiting]));
        Assert.Equal(["deferred-cf", "deferred-fb"], any.Items.Select(i => i.Id).Order(StringComparer.Ordinal));
        Assert.Equal((0, 0L), (none.Items.Count, none.Total));
        Assert.Null(all.Items.Single(i => i.Id == "polling").DeferredOn);
        Assert.Equal("CapitalFloat", Assert.Single(await Store.GetSummariesAsync(["deferred-cf"], default)).DeferredOn);

        var funnel = await Store.GetFunnelAsync("wf", OperatorViewAggregates.RejectedOutcome, default);
        Assert.Equal([("CapitalFloat", 1L), ("FinBoxPrism", 1L)], funnel.DeferredOn.Select(d => (d.Key, d.Value)).Order());
    }

    // Session 49: the deferredOn filter knows the APIs waiting journeys wait out (besides the configured ones), so a partner
    // removed from configuration while its journeys wait stays findable: each API once, however many journeys wait on it.
    [Fact]
    public async Task GetDeferralApis_AnswersEachApiAWaitingJourneyIsDeferredOn_Once()
    {
        Assert.Empty(await Store.GetDeferralApisAsync(default));
        foreach (var (id, key) in new[] { ("fb-1", "FinBoxPrism"), ("gone-1", "Partners:gone"), ("fb-2", "FinBoxPrism"), ("gone-2", "Partners:gone"), ("polling", (string?)null) })
        {
            await CreateAsync(id);
            var claimed = Assert.Single(await Store.ClaimReadyAsync("node-a", T0, T0.AddMinutes(1), 10, default), i => i.Id == id);
            await Store.CommitAsync(Commit(claimed, new LeaseFence("node-a", claimed.LeaseToken),
                [Bookmark(id, BookmarkKind.Timer, key is null ? "poll" : "$retry", key, T0.AddMinutes(30))]), default);
        }

        Assert.Equal(["FinBoxPrism", "Partners:gone"], (await Store.GetDeferralApisAsync(default)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ListInstances_FiltersOpenIncidents_AndWaitingSinceTheCurrentStepStarted()
    {
        await CreateAsync("faulty");
        await RaiseIncidentAsync("faulty");
        await SeedAsync("long-wait", WorkflowStatus.Waiting, currentStep: "b", history: [Executed("a", "Completed", "Done", 0, 10), Executed("b", "Waiting", startSecond: 10)]);
        await SeedAsync("short-wait", WorkflowStatus.Waiting, currentStep: "b", history: [Executed("b", "Waiting", startSecond: 600)]);

        var withIncident = await Store.ListInstancesAsync(new InstanceQuery { HasIncident = true }, default);
        var without = await Store.ListInstancesAsync(new InstanceQuery { HasIncident = false }, default);
        var waitingLong = await Store.ListInstancesAsync(new InstanceQuery { WaitingSinceBefore = T0.AddMinutes(5) }, default);

        var faulty = Assert.Single(withIncident.Items);
        // Session 47: the open incident's kind is listed with it (the Studio counts only retryable ones), none without one.
        Assert.Equal(("faulty", WorkflowStatus.Faulted, true, "Retryable"), (faulty.Id, faulty.Status, faulty.HasIncident, faulty.IncidentKind));
        Assert.Equal(["long-wait", "short-wait"], without.Items.Select(i => i.Id).Order());
        Assert.All(without.Items, i => Assert.Null(i.IncidentKind));
        var waiting = Assert.Single(waitingLong.Items);
        Assert.Equal(("long-wait", (DateTimeOffset?)T0.AddSeconds(10)), (waiting.Id, waiting.WaitingSince));
    }

    [Fact]
    public async Task ListWaiting_PutsTheLongestWaitFirst_WhateverChangedLast()
    {
        // "polling" has waited longest but changed last (a journey that polls while it waits commits at every poll).
        await SeedAsync("polling", WorkflowStatus.Waiting, currentStep: "b", updatedAt: T0.AddMinutes(9), history: [Executed("b", "Waiting", startSecond: 5)]);
        await SeedAsync("quiet", WorkflowStatus.Waiting, currentStep: "b", updatedAt: T0.AddSeconds(60), history: [Executed("a", "Completed", "Done", 0, 10), Executed("b", "Waiting", startSecond: 60)]);
        await SeedAsync("recent", WorkflowStatus.Waiting, currentStep: "b", updatedAt: T0.AddSeconds(200), history: [Executed("b", "Waiting", startSecond: 200)]);
        await SeedAsync("fresh", WorkflowStatus.Waiting, currentStep: "b", updatedAt: T0.AddSeconds(900), history: [Executed("b", "Waiting", startSecond: 900)]);

        // The stuck list's long waits (the funnel's and GET /api/dashboard/stuck/waiting's; an instance-list sort until session 51).
        var longest = await Store.ListWaitingAsync("wf", T0.AddMinutes(5), null, 50, withTotal: true, default);

        Assert.Equal(["polling", "quiet", "recent"], longest.Items.Select(i => i.Id));
        Assert.Equal(3L, longest.Total);
    }

    [Fact]
    public async Task GetChangedInstances_ReadsEveryChangeAfterTheCursorInOrder_IncludingCommits()
    {
        await SeedAsync("a", WorkflowStatus.Running, updatedAt: T0);
        await SeedAsync("b", WorkflowStatus.Completed, updatedAt: T0);
        await SeedAsync("c", WorkflowStatus.Completed, updatedAt: T0.AddSeconds(1));

        var all = await Store.GetChangedInstancesAsync(new ChangeCursor(T0.AddSeconds(-1), null), 10, default);
        var firstPage = await Store.GetChangedInstancesAsync(new ChangeCursor(T0.AddSeconds(-1), null), 1, default);
        var afterA = await Store.GetChangedInstancesAsync(new ChangeCursor(T0, "a"), 10, default);
        Assert.Equal(["a", "b", "c"], all.Select(i => i.Id));
        Assert.Equal(["a"], firstPage.Select(i => i.Id));
        Assert.Equal(["b", "c"], afterA.Select(i => i.Id));

        var claimed = Assert.Single(await Store.ClaimReadyAsync("node-a", T0, T0.AddMinutes(1), 10, default));
        await Store.CommitAsync(Commit(claimed, new LeaseFence("node-a", claimed.LeaseToken)) with { Now = T0.AddSeconds(5) }, default);
        var changed = Assert.Single(await Store.GetChangedInstancesAsync(new ChangeCursor(T0.AddSeconds(1), "c"), 10, default));
        Assert.Equal("a", changed.Id);
        Assert.True(changed.Revision > all[0].Revision);
    }

    [Fact]
    public async Task ChangeMarks_FollowTheFeedOrderWithRevisions_AndSummariesAreReadOnlyForTheIdsAsked()
    {
        await SeedAsync("a", WorkflowStatus.Running, updatedAt: T0);
        await SeedAsync("b", WorkflowStatus.Completed, updatedAt: T0);
        await SeedAsync("c", WorkflowStatus.Completed, updatedAt: T0.AddSeconds(1));
        var full = await Store.GetChangedInstancesAsync(new ChangeCursor(T0.AddSeconds(-1), null), 10, default);

        var marks = await Store.GetChangeMarksAsync(new ChangeCursor(T0.AddSeconds(-1), null), 10, default);
        Assert.Equal(full.Select(s => (s.Id, s.Revision, s.UpdatedAt)), marks.Select(m => (m.Id, m.Revision, m.UpdatedAt)));
        Assert.Equal(["b", "c"], (await Store.GetChangeMarksAsync(new ChangeCursor(T0, "a"), 10, default)).Select(m => m.Id));
        Assert.Equal(["a"], (await Store.GetChangeMarksAsync(new ChangeCursor(T0.AddSeconds(-1), null), 1, default)).Select(m => m.Id));

        var some = await Store.GetSummariesAsync(["c", "a", "missing"], default);
        Assert.Equal(full.Where(s => s.Id is "a" or "c").OrderBy(s => s.Id), some.OrderBy(s => s.Id));
        Assert.Empty(await Store.GetSummariesAsync([], default));

        // A commit moves the instance to a later mark with a higher revision.
        var claimed = Assert.Single(await Store.ClaimReadyAsync("node-a", T0, T0.AddMinutes(1), 10, default));
        await Store.CommitAsync(Commit(claimed, new LeaseFence("node-a", claimed.LeaseToken)) with { Now = T0.AddSeconds(5) }, default);
        var moved = Assert.Single(await Store.GetChangeMarksAsync(new ChangeCursor(T0.AddSeconds(1), "c"), 10, default));
        Assert.Equal(("a", T0.AddSeconds(5)), (moved.Id, moved.UpdatedAt));
        Assert.True(moved.Revision > marks[0].Revision);
    }

    [Fact]
    public async Task GetFunnel_CountsEachStepOncePerJourney_WithCurrentPositionsRejectionsMediansAndOutcomes()
    {
        // j1: a → b → end Disbursed; j2: a rejected → end Rejected; j3: a, b twice (re-trigger), waiting at b; j4: faulted at a;
        // j5: cancelled before its first step.
        await SeedAsync("j1", WorkflowStatus.Completed, "Disbursed", history:
            [Executed("a", "Completed", "Done", 0, 100), Executed("b", "Completed", "Done", 1, 1000), Executed("end", "Completed", "Disbursed", 2, 0, "Core.End")]);
        await SeedAsync("j2", WorkflowStatus.Completed, "Rejected", history:
            [Executed("a", "Completed", "Rejected", 0, 300), Executed("endRejected", "Completed", "Rejected", 1, 0, "Core.End")]);
        await SeedAsync("j3", WorkflowStatus.Waiting, currentStep: "b", history:
            [Executed("a", "Completed", "Done", 0, 200), Executed("b", "Completed", "Retry", 1, 3000), Executed("b", "Waiting", startSecond: 5)]);
        await SeedAsync("j4", WorkflowStatus.Faulted, currentStep: "a", history: [Executed("a", "Faulted", startSecond: 0, durationMs: 50)]);
        await SeedAsync("j5", WorkflowStatus.Cancelled);
        await SeedAsync("x", WorkflowStatus.Completed, "Disbursed", workflowId: "other", history: [Executed("a", "Completed", "Done", 0, 9999)]);

        var (total, steps, outcomes, byStatus) = await Store.GetFunnelAsync("wf", "Rejected", default);

        Assert.Equal(5, total);
        // Every status, from the same counters as the total (the dashboard's tiles, the cancelled one included).
        Assert.Equal(new Dictionary<WorkflowStatus, long>
        {
            [WorkflowStatus.Running] = 0, [WorkflowStatus.Waiting] = 1, [WorkflowStatus.Completed] = 2, [WorkflowStatus.Faulted] = 1, [WorkflowStatus.Cancelled] = 1,
        }, byStatus);
        var byId = steps.ToDictionary(s => s.StepId);
        Assert.Equal(new FunnelStepCounts("a", 4, 3, 0, 1, 1, 200), byId["a"]);
        Assert.Equal(new FunnelStepCounts("b", 2, 2, 1, 0, 0, 2000), byId["b"]);
        Assert.Equal(0, byId["endRejected"].Rejected);
        Assert.Equal(new Dictionary<string, long> { ["Disbursed"] = 1, ["Rejected"] = 1 }, outcomes);
    }

    [Fact]
    public async Task GetDefinitionVersions_ListsEveryPublishedVersionPerWorkflow()
    {
        await Store.SaveDefinitionAsync("wf", 2, "h2", "{}", T0, default);
        await Store.SaveDefinitionAsync("wf", 1, "h1", "{}", T0, default);
        await Store.SaveDefinitionAsync("other", 1, "h", "{}", T0, default);

        var versions = await Store.GetDefinitionVersionsAsync(default);

        Assert.Equal([1, 2], versions["wf"]);
        Assert.Equal([1], versions["other"]);
    }

    [Fact]
    public async Task FindByIdempotencyKey_FindsTheInstanceStartedWithIt()
    {
        await Store.CreateInstanceAsync(NewInstance("i1", idempotencyKey: "k1"), Started("i1"), default);

        Assert.Equal("i1", (await Store.FindByIdempotencyKeyAsync("k1", default))?.Id);
        Assert.Null(await Store.FindByIdempotencyKeyAsync("k2", default));
    }
}
