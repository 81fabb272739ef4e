using LoanJourney.Engine.Activities;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Storage;

namespace LoanJourney.Engine.Tests.Storage;

// Migration 0039 (session 50): the stuck list's faulted run in triage order, read by the server page by page. Until then the
// server listed the 50 faulted journeys created first and the Studio put the money questions among those first, so a money
// question that faulted after 50 others was never seen.
public abstract partial class WorkflowStoreContractTests
{
    // A journey created at T0 + n min, faulted at the given time with an open incident of the kind.
    private async Task FaultAsync(string id, DateTimeOffset at, string errorKind = "LenderError", string workflowId = "wf")
    {
        var current = await Store.GetInstanceAsync(id, default) ?? throw new InvalidOperationException(id);
        await Store.CommitAsync(new InstanceCommit
        {
            State = current with { Status = WorkflowStatus.Faulted, ReadyAt = null },
            ExpectedVersion = current.Version,
            ReleaseLease = true,
            NewIncident = new IncidentRecord("inc-" + id + "-" + at.ToUnixTimeMilliseconds(), id, "a", errorKind, "boom", 3, null, at, null, null),
            Now = at,
        }, default);
    }

    private Task<List<WorkflowInstanceSummary>> AllFaultedPagesAsync(string workflowId, int take) =>
        AllPagesAsync<FaultedCursor>(async after =>
        {
            var page = await Store.ListFaultedAsync(workflowId, after, take, default);
            return (page.Items, page.Next);
        }, take);

    // Every page of a keyset-paged run, read to its end, each page checked on the way: no larger than asked, and full unless last.
    private static async Task<List<WorkflowInstanceSummary>> AllPagesAsync<TCursor>(
        Func<TCursor?, Task<(IReadOnlyList<WorkflowInstanceSummary> Items, TCursor? Next)>> read, int take)
        where TCursor : class
    {
        var all = new List<WorkflowInstanceSummary>();
        TCursor? after = null;
        do
        {
            var (items, next) = await read(after);
            Assert.True(items.Count <= take);
            all.AddRange(items);
            after = next;
            Assert.True(after is null || items.Count == take, "a page before the last is full");
        }
        while (after is not null);
        return all;
    }

    [Fact]
    public async Task ListFaulted_MoneyQuestionsFirst_ThenByWhenEachFaulted_BeyondTheFirst50_PageByPage()
    {
        // 120 faulted journeys: created in one order, faulted in the reverse one (the last created faulted first); the two money
        // questions are among the last created and the last faulted, where the oldest 50 by creation never reached.
        for (var n = 0; n < 120; n++)
        {
            await SeedAsync($"f{n:D3}", WorkflowStatus.Running, currentStep: "a", createdAt: T0.AddMinutes(n));
        }

        await SeedAsync("other-wf", WorkflowStatus.Running, currentStep: "a", workflowId: "other", createdAt: T0);
        await SeedAsync("waiting", WorkflowStatus.Waiting, currentStep: "a", createdAt: T0);
        var faultedAt = new Dictionary<string, DateTimeOffset>();
        for (var n = 0; n < 120; n++)
        {
            var id = $"f{n:D3}";
            faultedAt[id] = T0.AddHours(10).AddMinutes(-n);
            await FaultAsync(id, faultedAt[id], n is 110 or 115 ? OperatorDecision.ErrorKind : "LenderError");
        }

        await FaultAsync("other-wf", T0.AddHours(1), OperatorDecision.ErrorKind, "other");

        var first = await Store.ListFaultedAsync("wf", null, 50, default);

        // The older question (f115 faulted before f110) first, then the other faults by when each faulted, oldest first.
        Assert.Equal(["f115", "f110", "f119", "f118", "f117"], first.Items.Take(5).Select(i => i.Id));
        Assert.All(first.Items.Take(2), i => Assert.Equal(OperatorDecision.ErrorKind, i.IncidentKind));
        Assert.Equal(faultedAt["f115"], first.Items[0].FaultedAt);
        Assert.NotNull(first.Next);

        var expected = new[] { "f115", "f110" }.Concat(faultedAt.Where(f => f.Key is not ("f110" or "f115")).OrderBy(f => f.Value).Select(f => f.Key)).ToList();
        var all = await AllFaultedPagesAsync("wf", 50);
        Assert.Equal(expected, all.Select(i => i.Id));
        Assert.All(all, i => Assert.Equal((WorkflowStatus.Faulted, faultedAt[i.Id]), (i.Status, i.FaultedAt!.Value)));
        Assert.Equal(expected, (await AllFaultedPagesAsync("wf", 7)).Select(i => i.Id));

        // A retried journey leaves the run; one that faults again is a new fault, ranked by the new time (last of its run).
        var retried = await Store.GetInstanceAsync("f119", default);
        await Store.CommitAsync(new InstanceCommit
        {
            State = retried! with { Status = WorkflowStatus.Running, ReadyAt = T0.AddHours(11) },
            ExpectedVersion = retried.Version,
            ResolveIncidents = "retry",
            Now = T0.AddHours(11),
        }, default);
        Assert.DoesNotContain("f119", (await AllFaultedPagesAsync("wf", 50)).Select(i => i.Id));
        await FaultAsync("f119", T0.AddHours(12));
        var again = await AllFaultedPagesAsync("wf", 50);
        Assert.Equal(("f119", T0.AddHours(12)), (again[^1].Id, again[^1].FaultedAt!.Value));
        Assert.Equal(120, again.Count);
    }

    [Fact]
    public async Task ListFaulted_OfAWorkflowWithNoneFaulted_IsAnEmptyLastPage()
    {
        await SeedAsync("waiting", WorkflowStatus.Waiting, currentStep: "a");
        var page = await Store.ListFaultedAsync("wf", null, 50, default);
        Assert.Equal((0, null), (page.Items.Count, page.Next));
        Assert.Null(Assert.Single((await Store.ListInstancesAsync(new InstanceQuery(), default)).Items).FaultedAt);
    }

    // Migration 0039: the journeys faulted before it are ranked and timed from their incidents, so the stuck list's order holds for them.
    [Fact]
    public Task Migration0039_BackfillsWhenAndHowEachFaultedJourneyFaulted() =>
        UpgradedAsync(38, RowsBeforeFaultedOrder, (upgraded, _) => AssertFaultedOrderBackfilledAsync(upgraded));

    /// <summary>
    /// Rows faulted before migration 0039: a money question (open OutcomeUnknown incident), two other faults (open incidents, the
    /// older fault on the newer journey), one whose incident was resolved (an erasure) and one with none, and a waiting journey.
    /// </summary>
    protected const string RowsBeforeFaultedOrder =
        "INSERT INTO instances (id, workflow_id, workflow_version, status, outcome, correlation_id, input_json, variables_json, outputs_json, history_json, current_step, attempt, version, created_at, updated_at) VALUES " +
        "('m1', 'wf', 1, 'Faulted', NULL, NULL, '{}', '{}', '{}', '[]', 'c', 1, 1, 5, 900), " +
        "('e1', 'wf', 1, 'Faulted', NULL, NULL, '{}', '{}', '{}', '[]', 'c', 1, 1, 1, 800), " +
        "('e2', 'wf', 1, 'Faulted', NULL, NULL, '{}', '{}', '{}', '[]', 'c', 1, 1, 2, 800), " +
        "('r1', 'wf', 1, 'Faulted', NULL, NULL, '{}', '{}', '{}', '[]', 'c', 1, 1, 3, 700), " +
        "('n1', 'wf', 1, 'Faulted', NULL, NULL, '{}', '{}', '{}', '[]', 'c', 1, 1, 4, 250), " +
        "('w1', 'wf', 1, 'Waiting', NULL, NULL, '{}', '{}', '{}', '[]', 'c', 1, 1, 6, 6); " +
        "INSERT INTO incidents (id, instance_id, step_id, error_kind, message, attempts, created_at, resolved_at) VALUES " +
        "('x1', 'm1', 'c', 'OutcomeUnknown', 'open', 1, 600, NULL), ('x0', 'm1', 'c', 'LenderError', 'resolved', 3, 100, 150), " +
        "('x2', 'e1', 'c', 'LenderError', 'open', 3, 400, NULL), ('x3', 'e2', 'c', 'LenderError', 'open', 3, 200, NULL), " +
        "('x4', 'r1', 'c', 'LenderError', 'redacted', 3, 300, 700)";

    /// <summary>After migration 0039: each faulted journey ranked and timed from its incidents (else its last change), in triage order.</summary>
    protected static async Task AssertFaultedOrderBackfilledAsync(IWorkflowStore upgraded)
    {
        var page = await upgraded.ListFaultedAsync("wf", null, 50, default);
        Assert.Equal(["m1", "e2", "n1", "r1", "e1"], page.Items.Select(i => i.Id));
        Assert.Equal([600L, 200, 250, 300, 400], page.Items.Select(i => i.FaultedAt!.Value.ToUnixTimeMilliseconds()));
        Assert.Null(page.Next);
    }
}
