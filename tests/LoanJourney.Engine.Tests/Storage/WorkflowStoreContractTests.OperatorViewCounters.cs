using LoanJourney.Engine.Model;
using LoanJourney.Engine.Storage;

namespace LoanJourney.Engine.Tests.Storage;

// Migration 0020's counters: the journeys waiting or faulted at each step now (the funnel), the open incidents of each
// journey and the journeys with one by workflow, version, status and outcome (hasIncident), and on PostgreSQL the stored
// waiting-since column. Every way an incident or an instance row changes must leave them equal to the answer counted
// from the incidents and the rows themselves (AssertAggregatesMatchHistoryAsync compares both for every counted query).
public abstract partial class WorkflowStoreContractTests
{
    private static readonly InstanceQuery[] IncidentQueries =
    [
        new() { HasIncident = true },
        new() { HasIncident = true, WorkflowId = "wf" },
        new() { HasIncident = true, WorkflowVersion = 2 },
        new() { HasIncident = true, Status = WorkflowStatus.Faulted },
        new() { HasIncident = true, WorkflowId = "wf", Outcome = "Rejected" },
        new() { HasIncident = false, WorkflowVersion = 2 },
        new() { HasIncident = true, CreatedFrom = T0 },
        new() { HasIncident = true, Take = 1 },
        new() { HasIncident = true, Sort = InstanceSortField.UpdatedAt, Descending = false },
    ];

    private async Task AssertCountersMatchRowsAsync()
    {
        await AssertAggregatesMatchHistoryAsync();
        foreach (var query in IncidentQueries)
        {
            var expected = await ListCountedAsync(query);
            var actual = await Store.ListInstancesAsync(query, default);
            Assert.Equal(expected.Total, actual.Total);
            Assert.Equal(expected.CountsByStatus.OrderBy(c => c.Key), actual.CountsByStatus.OrderBy(c => c.Key));
            Assert.Equal(expected.Items.Select(i => i.Id), actual.Items.Select(i => i.Id));
        }
    }

    private async Task CommitIncidentAsync(string id, WorkflowStatus status, IncidentRecord? open = null, string? resolve = null)
    {
        var current = await Store.GetInstanceAsync(id, default) ?? throw new InvalidOperationException(id);
        await Store.CommitAsync(new InstanceCommit
        {
            State = current with { Status = status, ReadyAt = status == WorkflowStatus.Running ? T0 : null },
            ExpectedVersion = current.Version,
            ReleaseLease = true,
            NewIncident = open,
            ResolveIncidents = resolve,
            Now = T0.AddMinutes(1),
        }, default);
    }

    private static IncidentRecord Incident(string id, string instanceId, string step = "b") => new(id, instanceId, step, "Retryable", "boom", 3, null, T0, null, null);

    [Fact]
    public async Task OperatorViewCounters_FollowIncidentsOpenedResolvedRetriedCancelledMigratedErasedAndDeleted()
    {
        await SeedAsync("k1", WorkflowStatus.Waiting, currentStep: "b", history: [Executed("a", "Completed", "Done", 0, 10), Executed("b", "Waiting", startSecond: 1)]);
        await SeedAsync("k2", WorkflowStatus.Running, currentStep: "b", history: [Executed("a", "Completed", "Done", 0, 10), Executed("b", "Running", startSecond: 2)]);
        await SeedAsync("k3", WorkflowStatus.Running, currentStep: "x", workflowId: "other", history: [Executed("x", "Running")]);
        await SeedAsync("k4", WorkflowStatus.Completed, "Rejected", history: [Executed("a", "Completed", "Rejected", 0, 5)]);
        await AssertCountersMatchRowsAsync();

        // A step exhausts its retries: faulted with an incident, in the step's own commit.
        await CommitIncidentAsync("k2", WorkflowStatus.Faulted, open: Incident("i2", "k2"));
        await CommitIncidentAsync("k3", WorkflowStatus.Faulted, open: Incident("i3", "k3", "x"));
        await AssertCountersMatchRowsAsync();
        Assert.Equal(2, (await Store.ListInstancesAsync(new InstanceQuery { HasIncident = true }, default)).Total);
        Assert.Equal(1, Assert.Single((await Store.GetFunnelAsync("wf", "Rejected", default)).Steps, s => s.StepId == "b").Faulted);

        // Retry: the incident is resolved and the step runs again; it fails again and opens a second incident.
        await CommitIncidentAsync("k2", WorkflowStatus.Running, resolve: "retried by ana");
        await AssertCountersMatchRowsAsync();
        await CommitIncidentAsync("k2", WorkflowStatus.Faulted, open: Incident("i2b", "k2"));
        await AssertCountersMatchRowsAsync();

        // Migration to another version (issue 14's operator commit) keeps the incident, moves the journey's counts.
        var k2 = (await Store.GetInstanceAsync("k2", default))!;
        await Store.CommitAsync(new InstanceCommit
        {
            State = k2 with { WorkflowVersion = 2, CurrentStepId = "b2" },
            ExpectedVersion = k2.Version,
            RequireNoLease = true,
            MoveStep = ("b", "b2"),
            Now = T0.AddMinutes(2),
        }, default);
        await AssertCountersMatchRowsAsync();
        Assert.Equal(1, (await Store.ListInstancesAsync(new InstanceQuery { HasIncident = true, WorkflowVersion = 2 }, default)).Total);

        // An incident on a finished journey, and one written outside the engine, resolved by hand.
        await ExecuteRawAsync("INSERT INTO incidents (id, instance_id, step_id, error_kind, message, attempts, created_at) VALUES ('i4', 'k4', 'a', 'Retryable', 'late', 1, 0)");
        await ExecuteRawAsync("INSERT INTO incidents (id, instance_id, step_id, error_kind, message, attempts, created_at) VALUES ('i4b', 'k4', 'a', 'Retryable', 'again', 1, 0)");
        await AssertCountersMatchRowsAsync();
        await ExecuteRawAsync("UPDATE incidents SET resolved_at = 5 WHERE id = 'i4'");
        await AssertCountersMatchRowsAsync();
        Assert.Equal(3, (await Store.ListInstancesAsync(new InstanceQuery { HasIncident = true }, default)).Total);

        // Cancel: requested, then the runner ends the journey and resolves its incident.
        Assert.True(await Store.RequestCancelAsync("k3", "test", "ana", T0.AddMinutes(3), default));
        await AssertCountersMatchRowsAsync();
        await CommitIncidentAsync("k3", WorkflowStatus.Cancelled, resolve: "cancelled");
        await AssertCountersMatchRowsAsync();

        // A waiting journey moves on to its next wait, then completes.
        await ChangeAsync("k1", WorkflowStatus.Waiting, null, "c", Executed("a", "Completed", "Done", 0, 10), Executed("b", "Completed", "Done", 1, 20), Executed("c", "Waiting", startSecond: 3));
        await AssertCountersMatchRowsAsync();
        Assert.Equal(1, Assert.Single((await Store.GetFunnelAsync("wf", "Rejected", default)).Steps, s => s.StepId == "c").Waiting);
        await ChangeAsync("k1", WorkflowStatus.Completed, "Disbursed", null, Executed("a", "Completed", "Done", 0, 10), Executed("b", "Completed", "Done", 1, 20), Executed("c", "Completed", "Done", 3, 30));
        await AssertCountersMatchRowsAsync();

        // Erasure rewrites a finished journey; deletes outside the engine (an incident, then whole journeys) take their
        // contributions with them, whichever goes first.
        Assert.Single(await Store.RedactInstancesAsync(["k4"], T0.AddDays(1), default));
        await AssertCountersMatchRowsAsync();
        await ExecuteRawAsync("DELETE FROM incidents WHERE id = 'i4b'");
        await AssertCountersMatchRowsAsync();
        await ExecuteRawAsync("DELETE FROM instances WHERE id = 'k2'");
        await ExecuteRawAsync("DELETE FROM incidents WHERE instance_id = 'k2'");
        await AssertCountersMatchRowsAsync();
        Assert.Equal(0, (await Store.ListInstancesAsync(new InstanceQuery { HasIncident = true }, default)).Total);
        Assert.All((await Store.GetFunnelAsync("wf", "Rejected", default)).Steps, s => Assert.Equal((0L, 0L), (s.Waiting, s.Faulted)));
    }

    [Theory]
    [InlineData(InstanceSortField.CreatedAt, true)]
    [InlineData(InstanceSortField.CreatedAt, false)]
    [InlineData(InstanceSortField.UpdatedAt, true)]
    public async Task KeysetPages_ListEveryJourneyOnce_InTheOrderOfTheOffsetPages(InstanceSortField sort, bool descending)
    {
        // Ties of the sort value (several journeys created in the same millisecond) are ordered by id.
        for (var n = 0; n < 11; n++)
        {
            await SeedAsync($"p{n:D2}", n % 3 == 0 ? WorkflowStatus.Waiting : WorkflowStatus.Completed, n % 3 == 0 ? null : "Disbursed",
                createdAt: T0.AddSeconds(n / 2), updatedAt: T0.AddMinutes(10 - (n / 3)));
        }

        var byOffset = (await Store.ListInstancesAsync(new InstanceQuery { Sort = sort, Descending = descending, Take = 100 }, default)).Items.Select(i => i.Id).ToList();
        var byCursor = new List<string>();
        var query = new InstanceQuery { Sort = sort, Descending = descending, Take = 4 };
        for (var pages = 0; pages < 10; pages++)
        {
            var page = await Store.ListInstancesAsync(query, default);
            Assert.Equal(11, page.Total);
            byCursor.AddRange(page.Items.Select(i => i.Id));
            if (page.Next(query) is not { } next)
            {
                break;
            }

            var token = next.Encode();
            Assert.True(InstanceCursor.TryDecode(token, out var decoded));
            query = query with { After = decoded };
        }

        Assert.Equal(byOffset, byCursor);
        Assert.Equal(11, byCursor.Distinct().Count());
        var filtered = await Store.ListInstancesAsync(new InstanceQuery { Status = WorkflowStatus.Waiting, Sort = sort, Descending = descending, Take = 2 }, default);
        var rest = await Store.ListInstancesAsync(new InstanceQuery { Status = WorkflowStatus.Waiting, Sort = sort, Descending = descending, Take = 2, After = filtered.Next(new InstanceQuery { Take = 2, Sort = sort }) }, default);
        Assert.Equal(byOffset.Where(id => int.Parse(id[1..], System.Globalization.CultureInfo.InvariantCulture) % 3 == 0), filtered.Items.Concat(rest.Items).Select(i => i.Id));
        Assert.Equal(4, rest.Total);
    }
}
