using System.Text.Json;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Storage;

namespace LoanJourney.Engine.Tests.Storage;

// The operator views read aggregates the store's triggers keep (migration 0017), and, for the funnel, the engine's commits
// themselves when they carry the state they read (migration 0021). Every way an instance row changes must leave them
// equal to the answer computed from the rows and their histories, as the views answered before.
public abstract partial class WorkflowStoreContractTests
{
    private static readonly InstanceQuery[] CountedQueries =
    [
        new(),
        new() { WorkflowId = "wf" },
        new() { WorkflowId = "other" },
        new() { Outcome = "Rejected" },
        new() { Statuses = [WorkflowStatus.Completed, WorkflowStatus.Waiting] },
        new() { WorkflowId = "wf", Status = WorkflowStatus.Completed, Outcome = "Disbursed" },
        new() { WorkflowVersion = 1 },
        new() { WorkflowVersion = 2 },
        new() { WorkflowId = "wf", WorkflowVersion = 2, Status = WorkflowStatus.Waiting },
        new() { HasIncident = false },
        new() { HasIncident = false, WorkflowId = "wf", Statuses = [WorkflowStatus.Faulted, WorkflowStatus.Completed] },
        new() { WaitingSinceBefore = T0.AddMinutes(5) },
        new() { WaitingSinceBefore = T0.AddMinutes(5), Status = WorkflowStatus.Completed },
    ];

    /// <summary>The funnel computed from every journey's history (the store's answer before the aggregates).</summary>
    protected abstract Task<FunnelCounts> FunnelFromHistoryAsync(string workflowId);

    /// <summary>The list with its total and counts by status counted over the rows.</summary>
    protected abstract Task<InstanceList> ListCountedAsync(InstanceQuery query);

    /// <summary>The store's list answer (from the aggregates) equals the same query counted from the rows: total, counts by status, page.</summary>
    private async Task AssertListMatchesCountedAsync(InstanceQuery query)
    {
        var expected = await ListCountedAsync(query);
        var actual = await Store.ListInstancesAsync(query, default);
        Assert.Equal(expected.Total, actual.Total);
        Assert.Equal(expected.CountsByStatus.OrderBy(c => c.Key), actual.CountsByStatus.OrderBy(c => c.Key));
        Assert.Equal(expected.Items.Select(i => i.Id), actual.Items.Select(i => i.Id));
    }

    /// <summary>Runs a statement on the store's database directly (a manual or future writer the triggers must see).</summary>
    protected abstract Task ExecuteRawAsync(string sql);

    private async Task AssertAggregatesMatchHistoryAsync()
    {
        foreach (var workflowId in new[] { "wf", "other" })
        {
            var expected = await FunnelFromHistoryAsync(workflowId);
            var actual = await Store.GetFunnelAsync(workflowId, "Rejected", default);
            Assert.Equal(expected.Total, actual.Total);
            Assert.Equal(expected.Steps.OrderBy(s => s.StepId, StringComparer.Ordinal), actual.Steps.OrderBy(s => s.StepId, StringComparer.Ordinal));
            Assert.Equal(expected.Outcomes.OrderBy(o => o.Key, StringComparer.Ordinal), actual.Outcomes.OrderBy(o => o.Key, StringComparer.Ordinal));
            Assert.Equal(expected.CountsByStatus.OrderBy(c => c.Key), actual.CountsByStatus.OrderBy(c => c.Key));
        }

        foreach (var query in CountedQueries)
        {
            await AssertListMatchesCountedAsync(query);
        }
    }

    // Commits as the engine does (with the state it read: the store applies the funnel's change itself) or as a writer that
    // does not say what it read (the trigger compares the stored history with the new one).
    private bool _commitsCarryWhatTheyRead;

    private async Task ChangeAsync(string id, WorkflowStatus status, string? outcome, string? currentStep, params StepHistoryEntry[] history)
    {
        var current = await Store.GetInstanceAsync(id, default) ?? throw new InvalidOperationException(id);
        await Store.CommitAsync(new InstanceCommit
        {
            State = current with
            {
                Status = status,
                Outcome = outcome,
                CurrentStepId = currentStep,
                HistoryJson = JsonSerializer.Serialize(history, HistoryJson),
                ReadyAt = status == WorkflowStatus.Running ? T0 : null,
            },
            ExpectedVersion = current.Version,
            Previous = _commitsCarryWhatTheyRead ? current : null,
            ReleaseLease = true,
            Now = T0.AddMinutes(1),
        }, default);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OperatorViewAggregates_FollowStartStepEndRetryCancelErasureRetentionAndDelete(bool commitsCarryWhatTheyRead)
    {
        _commitsCarryWhatTheyRead = commitsCarryWhatTheyRead;

        // Start (inserts).
        await SeedAsync("j1", WorkflowStatus.Waiting, currentStep: "b", history: [Executed("a", "Completed", "Done", 0, 10), Executed("b", "Waiting", startSecond: 1)]);
        await SeedAsync("j2", WorkflowStatus.Running, currentStep: "a", history: [Executed("a", "Running")]);
        await SeedAsync("j3", WorkflowStatus.Completed, "Rejected", history:
            [Executed("a", "Completed", "Done", 0, 10), Executed("b", "Completed", "Rejected", 1, 1500), Executed("end", "Completed", "Rejected", 3, 0, "Core.End")]);
        await SeedAsync("j4", WorkflowStatus.Waiting, currentStep: "x", workflowId: "other", history: [Executed("x", "Waiting")]);
        await SeedAsync("j5", WorkflowStatus.Faulted, currentStep: "b", history: [Executed("a", "Completed", "Done", 0, 12), Executed("b", "Faulted", startSecond: 1)]);
        await AssertAggregatesMatchHistoryAsync();

        // Step: a completes, b waits.
        await ChangeAsync("j2", WorkflowStatus.Waiting, null, "b", Executed("a", "Completed", "Done", 0, 11), Executed("b", "Waiting", startSecond: 1));
        await AssertAggregatesMatchHistoryAsync();

        // A migration to another version of the workflow (another branch's writer) and an open incident (hasIncident=false
        // is counted as the aggregates minus the journeys with an open incident).
        await ExecuteRawAsync("UPDATE instances SET workflow_version = 2 WHERE id IN ('j2', 'j5')");
        await ExecuteRawAsync("INSERT INTO incidents (id, instance_id, step_id, error_kind, message, attempts, created_at) VALUES ('inc-j5', 'j5', 'b', 'Retryable', 'boom', 3, 0)");
        await AssertAggregatesMatchHistoryAsync();

        // End: the journey completes with an outcome.
        await ChangeAsync("j1", WorkflowStatus.Completed, "Disbursed", null,
            Executed("a", "Completed", "Done", 0, 10), Executed("b", "Completed", "Approved", 1, 2340), Executed("c", "Completed", "Done", 4, 0));
        await AssertAggregatesMatchHistoryAsync();

        // Retry: the faulted step runs again, then is rejected.
        await ChangeAsync("j5", WorkflowStatus.Running, null, "b", Executed("a", "Completed", "Done", 0, 12), Executed("b", "Retrying", startSecond: 1));
        await AssertAggregatesMatchHistoryAsync();

        // A history rewritten outside the engine (a tool, a manual fix) between two engine commits is still counted.
        await ExecuteRawAsync("UPDATE instances SET history_json = '" + JsonSerializer.Serialize(new[]
            { Executed("a", "Completed", "Done", 0, 12), Executed("a2", "Completed", "Done", 0, 40), Executed("b", "Retrying", startSecond: 1) }, HistoryJson) + "' WHERE id = 'j5'");
        await AssertAggregatesMatchHistoryAsync();
        await ChangeAsync("j5", WorkflowStatus.Completed, "Rejected", null,
            Executed("a", "Completed", "Done", 0, 12), Executed("a2", "Completed", "Done", 0, 40), Executed("b", "Completed", "Rejected", 1, 7));
        await AssertAggregatesMatchHistoryAsync();

        // Cancel: requested while not leased (status back to Running), then the runner ends it.
        Assert.Equal(CancelRequestStatus.Requested, (await Store.RequestCancelAsync("j2", "test", "ana", T0.AddMinutes(2), null, default)).Status);
        await AssertAggregatesMatchHistoryAsync();
        await ChangeAsync("j2", WorkflowStatus.Cancelled, null, "b", Executed("a", "Completed", "Done", 0, 11), Executed("b", "Cancelled", startSecond: 1));
        await AssertAggregatesMatchHistoryAsync();

        // The numbers themselves, not only their agreement with the history query.
        var funnel = await Store.GetFunnelAsync("wf", "Rejected", default);
        var b = Assert.Single(funnel.Steps, s => s.StepId == "b");
        Assert.Equal((4L, 4L, 3L, 0L, 0L, 2L, (double?)1500 /* the middle of 7, 1500 and 2340 ms */),
            (funnel.Total, b.Reached, b.Completed, b.Waiting, b.Faulted, b.Rejected, b.MedianDurationMs));
        Assert.Equal(new Dictionary<string, long> { ["Disbursed"] = 1, ["Rejected"] = 2 }, funnel.Outcomes.OrderBy(o => o.Key).ToDictionary());

        // Erasure and retention rewrite the histories of finished journeys.
        Assert.Single(await Store.RedactInstancesAsync(["j3"], T0.AddDays(1), default));
        await AssertAggregatesMatchHistoryAsync();
        Assert.NotNull(await Store.RedactExpiredAsync(WorkflowStatus.Completed, T0.AddDays(400), 10, T0.AddDays(401), null, default));
        await AssertAggregatesMatchHistoryAsync();

        // Rows deleted outside the engine take their contribution with them.
        await ExecuteRawAsync("DELETE FROM instances WHERE id IN ('j1', 'j4')");
        await AssertAggregatesMatchHistoryAsync();
        Assert.Equal(3, (await Store.GetFunnelAsync("wf", "Rejected", default)).Total);
        Assert.Equal(0, (await Store.ListInstancesAsync(new InstanceQuery { WorkflowId = "other" }, default)).Total);
    }

    [Fact]
    public async Task Outcomes_AreTheOnesJourneysEndedWith_AsStored_WhileAnyJourneyHasThem()
    {
        await SeedAsync("o1", WorkflowStatus.Completed, "Disbursed", history: [Executed("end", "Completed", "Disbursed", 0, 0, "Core.End")]);
        await SeedAsync("o2", WorkflowStatus.Completed, "Rejected", history: [Executed("end", "Completed", "Rejected", 0, 0, "Core.End")]);
        await SeedAsync("o3", WorkflowStatus.Completed, "Rejected", workflowId: "other", history: [Executed("end", "Completed", "Rejected", 0, 0, "Core.End")]);
        await SeedAsync("o4", WorkflowStatus.Waiting, currentStep: "b", history: [Executed("b", "Waiting")]);

        Assert.Equal(["Disbursed", "Rejected"], (await Store.GetOutcomesAsync(default)).Order(StringComparer.Ordinal));

        await ExecuteRawAsync("DELETE FROM instances WHERE id = 'o1'");
        Assert.Equal(["Rejected"], await Store.GetOutcomesAsync(default));
    }

    [Fact]
    public async Task FunnelMedian_AboveOneSecond_IsKeptToThreeSignificantDigits()
    {
        await SeedAsync("m1", WorkflowStatus.Completed, "Disbursed", history: [Executed("a", "Completed", "Done", 0, 2345)]);
        await SeedAsync("m2", WorkflowStatus.Completed, "Disbursed", history: [Executed("a", "Completed", "Done", 0, 999)]);
        await SeedAsync("m3", WorkflowStatus.Completed, "Disbursed", history: [Executed("a", "Completed", "Done", 0, 123_456)]);

        var funnel = await Store.GetFunnelAsync("wf", "Rejected", default);

        Assert.Equal(2350, Assert.Single(funnel.Steps).MedianDurationMs);
        Assert.Equal(2345, Assert.Single((await FunnelFromHistoryAsync("wf")).Steps).MedianDurationMs);
    }
}
