using LoanJourney.Engine.Activities;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Storage;

namespace LoanJourney.Engine.Tests.Storage;

// Migration 0040 (session 51): the stuck list's long waits, longest wait first, read by the server page by page as the faulted run
// is (0039). Until then the funnel listed the 50 longest waits and nothing more: 3,000 journeys waiting on a lender's webhook showed 50.
public abstract partial class WorkflowStoreContractTests
{
    private Task<List<WorkflowInstanceSummary>> AllWaitingPagesAsync(string workflowId, DateTimeOffset before, int take) =>
        AllPagesAsync<WaitingCursor>(async after =>
        {
            var page = await Store.ListWaitingAsync(workflowId, before, after, take, withTotal: false, default);
            Assert.Null(page.Total);
            return (page.Items, page.Next);
        }, take);

    [Fact]
    public async Task ListWaiting_LongestWaitFirst_PageByPage_WithNoGapOrRepeat_Beyond120()
    {
        // 130 journeys waiting in wf, created in an order unrelated to their waits; three or four start their wait at the same instant
        // (ties, ordered by id, across page ends), some at a whole second (the history writes no fraction then), some a fraction after.
        var startedAt = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        for (var n = 0; n < 130; n++)
        {
            var id = $"w{n * 37 % 130:D3}";
            var at = T0.AddMinutes(n % 40).AddMilliseconds(n % 80 < 40 ? 0 : 250);
            startedAt[id] = at;
            await SeedAsync(id, WorkflowStatus.Waiting, currentStep: "a", createdAt: T0.AddSeconds(n), history: Waiting("a", at));
        }

        // Not in the run: another workflow's long wait, a wait younger than the threshold, a faulted and a finished journey.
        await SeedAsync("other-wf", WorkflowStatus.Waiting, currentStep: "a", workflowId: "other", history: Waiting("a", T0));
        await SeedAsync("young", WorkflowStatus.Waiting, currentStep: "a", history: Waiting("a", T0.AddHours(5)));
        await SeedAsync("faulted", WorkflowStatus.Faulted, currentStep: "a", history: Waiting("a", T0));
        await SeedAsync("done", WorkflowStatus.Completed, history: Waiting("a", T0));
        var before = T0.AddHours(1);

        var expected = startedAt.OrderBy(w => w.Value).ThenBy(w => w.Key, StringComparer.Ordinal).Select(w => w.Key).ToList();
        var first = await Store.ListWaitingAsync("wf", before, null, 50, withTotal: true, default);
        Assert.Equal(expected.Take(50), first.Items.Select(i => i.Id));
        Assert.Equal(130, first.Total);
        Assert.NotNull(first.Next);
        Assert.All(first.Items, i => Assert.Equal((WorkflowStatus.Waiting, startedAt[i.Id]), (i.Status, i.WaitingSince!.Value)));

        foreach (var take in new[] { 50, 7, 1, 500 })
        {
            var all = await AllWaitingPagesAsync("wf", before, take);
            Assert.Equal(expected, all.Select(i => i.Id));
        }

        // The second page after the first's cursor, token and back: the run goes on where the first page ended.
        Assert.True(WaitingCursor.TryDecode(first.Next!.Encode(), out var decoded));
        var second = await Store.ListWaitingAsync("wf", before, decoded, 50, withTotal: false, default);
        Assert.Equal(expected.Skip(50).Take(50), second.Items.Select(i => i.Id));

        // A journey that stops waiting leaves the run; the threshold moved later takes the younger wait at the run's end.
        var leaving = expected[120];
        var current = await Store.GetInstanceAsync(leaving, default);
        await Store.CommitAsync(new InstanceCommit
        {
            State = current! with { Status = WorkflowStatus.Completed, ReadyAt = null },
            ExpectedVersion = current.Version,
            Now = T0.AddHours(2),
        }, default);
        var later = await AllWaitingPagesAsync("wf", T0.AddHours(6), 50);
        Assert.Equal([.. expected.Where(id => id != leaving), "young"], later.Select(i => i.Id));
    }

    [Fact]
    public async Task ListWaiting_OfAWorkflowWithNoLongWait_IsAnEmptyLastPage_CountedZero()
    {
        await SeedAsync("young", WorkflowStatus.Waiting, currentStep: "a", history: Waiting("a", T0.AddHours(5)));
        var page = await Store.ListWaitingAsync("wf", T0.AddHours(1), null, 50, withTotal: true, default);
        Assert.Equal((0, null, (long?)0), (page.Items.Count, page.Next, page.Total));
    }

    private static StepHistoryEntry Waiting(string stepId, DateTimeOffset at) => new() { StepId = stepId, Activity = "Test.Step", Status = "Waiting", StartedAt = at };
}
