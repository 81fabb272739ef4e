using System.Net;
using LoanJourney.Engine.Activities;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Storage;
using LoanJourney.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LoanJourney.Server.Tests;

public sealed class DashboardTests : IDisposable
{
    private readonly ServerFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task FunnelCountsAKnownSetOfJourneys()
    {
        var api = _factory.CreateApiClient();
        var approved = await api.StartAsync("test-review", new { customerId = "F-1" });
        var rejected = await api.StartAsync("test-review", new { customerId = "F-2" });
        var waiting = await api.StartAsync("test-review", new { customerId = "F-3" });
        foreach (var id in new[] { approved, rejected, waiting })
        {
            await api.WaitForStatusAsync(id, "Waiting");
        }

        await api.PostAsync($"/api/instances/{approved}/signals/decision", Api.Json(new { approved = true }));
        await api.PostAsync($"/api/instances/{rejected}/signals/decision", Api.Json(new { approved = false }));
        await api.WaitForStatusAsync(approved, "Completed");
        await api.WaitForStatusAsync(rejected, "Completed");

        var funnel = await (await api.GetAsync("/api/dashboard/funnel?workflowId=test-review&stuckAfterSeconds=0")).ReadObjectAsync();

        Assert.Equal(3, funnel["total"]!.GetValue<int>());
        var steps = funnel["steps"]!.AsArray().ToDictionary(s => s!["stepId"]!.GetValue<string>(), s => s!);
        Assert.Equal(["review", "route", "share", "disbursed", "rejected"], steps.Keys);
        Assert.Equal((3, 2, 1, 0), Counts(steps["review"]));
        Assert.Equal((2, 2, 0, 1), Counts(steps["route"]));
        Assert.Equal((1, 1, 0, 0), Counts(steps["share"]));
        Assert.NotNull(steps["review"]["medianDurationMs"]);
        Assert.Equal(1, funnel["outcomes"]!["Disbursed"]!.GetValue<int>());
        Assert.Equal(1, funnel["outcomes"]!["Rejected"]!.GetValue<int>());
        Assert.Equal(waiting, Assert.Single(funnel["stuck"]!.AsArray())!["id"]!.GetValue<string>());
    }

    // The dashboard had a tile for every terminal state but Cancelled: the funnel now answers the journeys per status, from
    // the same counters as its total (instance_counts), so the Studio's tile needs no list query and no scan.
    [Fact]
    public async Task FunnelCountsJourneysPerStatus_CancelledIncluded()
    {
        var api = _factory.CreateApiClient();
        var cancelled = await api.StartAsync("test-review", new { customerId = "C-1" });
        var waiting = await api.StartAsync("test-review", new { customerId = "C-2" });
        await api.WaitForStatusAsync(cancelled, "Waiting");
        await api.WaitForStatusAsync(waiting, "Waiting");
        await api.PostAsync($"/api/instances/{cancelled}/cancel", Api.Json(new { reason = "duplicate application" }));
        await api.WaitForStatusAsync(cancelled, "Cancelled");

        var funnel = await (await api.GetAsync("/api/dashboard/funnel?workflowId=test-review")).ReadObjectAsync();

        var byStatus = funnel["countsByStatus"]!.AsObject().ToDictionary(c => c.Key, c => c.Value!.GetValue<int>());
        Assert.Equal(new Dictionary<string, int> { ["Running"] = 0, ["Waiting"] = 1, ["Completed"] = 0, ["Faulted"] = 0, ["Cancelled"] = 1 }, byStatus);
        Assert.Equal(2, funnel["total"]!.GetValue<int>());
    }

    // Stuck (session 49): it listed waiting journeys only, so a faulted one, which waits for an operator and nothing else, never
    // showed there. The faulted come first whatever their age; the waiting, past the threshold, after them.
    [Fact]
    public async Task StuckListsFaultedJourneysWhateverTheirAge_ThenTheLongWaits()
    {
        var api = _factory.CreateApiClient();
        var faulted = await api.StartAsync("test-fault", new { delay = "not-a-duration" });
        var waiting = await api.StartAsync("test-fault", new { delay = "PT24H" });
        await api.WaitForStatusAsync(faulted, "Faulted");
        await api.WaitForStatusAsync(waiting, "Waiting");

        var hourly = await (await api.GetAsync("/api/dashboard/funnel?workflowId=test-fault&stuckAfterSeconds=3600")).ReadObjectAsync();
        var stuck = Assert.Single(hourly["stuck"]!.AsArray())!;
        Assert.Equal(faulted, stuck["id"]!.GetValue<string>());
        Assert.Equal("Faulted", stuck["status"]!.GetValue<string>());
        Assert.True(stuck["hasIncident"]!.GetValue<bool>());
        Assert.False(string.IsNullOrEmpty(stuck["incidentKind"]?.GetValue<string>()));
        Assert.Equal(0, hourly["stuckWaiting"]!.GetValue<int>());

        var any = await (await api.GetAsync("/api/dashboard/funnel?workflowId=test-fault&stuckAfterSeconds=0")).ReadObjectAsync();
        Assert.Equal([faulted, waiting], any["stuck"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
        Assert.Equal(1, any["stuckWaiting"]!.GetValue<int>());
    }

    // Session 50: the server listed the 50 faulted journeys created first and the Studio put the money questions among those first;
    // a question that faulted after 50 others was never on the dashboard. 60 faulted journeys, created in one order and faulted in
    // the reverse one, the two money questions among the last created and the last faulted (seeded in the server's own store:
    // a lost tranche answer over the sandbox takes a pay-later journey each).
    [Fact]
    public async Task StuckListsMoneyQuestionsFirst_ThenFaultsByWhenTheyFaulted_AndPagesTheRestByCursor()
    {
        var store = _factory.Services.GetRequiredService<IWorkflowStore>();
        var api = _factory.CreateApiClient();
        var t0 = new DateTimeOffset(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);
        var faultedAt = new Dictionary<string, DateTimeOffset>();
        for (var n = 0; n < 60; n++)
        {
            var id = $"stuck-{n:D2}";
            var (created, _) = await store.CreateInstanceAsync(new InstanceRecord
            {
                Id = id, WorkflowId = "test-fault", WorkflowVersion = 1, Status = WorkflowStatus.Waiting, InputJson = "{}", VariablesJson = "{}",
                OutputsJson = "{}", HistoryJson = "[]", CurrentStepId = "wait", CreatedAt = t0.AddMinutes(n), UpdatedAt = t0.AddMinutes(n),
            }, new JournalRecord(0, id, t0.AddMinutes(n), JournalKinds.InstanceStarted, null, null, null), default);
            faultedAt[id] = t0.AddHours(5).AddMinutes(-n);
            await store.CommitAsync(new InstanceCommit
            {
                State = created with { Status = WorkflowStatus.Faulted, ReadyAt = null },
                ExpectedVersion = created.Version,
                NewIncident = new IncidentRecord("inc-" + id, id, "wait", n is 55 or 58 ? OperatorDecision.ErrorKind : "LenderError", "boom", 1, null, faultedAt[id], null, null),
                Now = faultedAt[id],
            }, default);
        }

        var expected = new[] { "stuck-58", "stuck-55" }
            .Concat(faultedAt.Where(f => f.Key is not ("stuck-55" or "stuck-58")).OrderBy(f => f.Value).Select(f => f.Key)).ToList();

        var funnel = await (await api.GetAsync("/api/dashboard/funnel?workflowId=test-fault&stuckAfterSeconds=3600")).ReadObjectAsync();
        var first = funnel["stuck"]!.AsArray().Select(i => i!).ToList();
        Assert.Equal(expected.Take(50), first.Select(i => i["id"]!.GetValue<string>()));
        Assert.All(first.Take(2), i => Assert.True(i["awaitsDecision"]!.GetValue<bool>()));
        Assert.False(first[2]["awaitsDecision"]!.GetValue<bool>());
        Assert.Equal(faultedAt["stuck-58"], first[0]["faultedAt"]!.GetValue<DateTimeOffset>());
        var next = funnel["stuckFaultedNext"]!.GetValue<string>();

        var rest = await (await api.GetAsync($"/api/dashboard/stuck/faulted?workflowId=test-fault&after={Uri.EscapeDataString(next)}")).ReadObjectAsync();
        Assert.Equal(expected.Skip(50), rest["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
        Assert.Null(rest["next"]);

        // The same order page by page from the start, 25 at a time.
        var paged = new List<string>();
        string? after = null;
        do
        {
            var page = await (await api.GetAsync("/api/dashboard/stuck/faulted?workflowId=test-fault&take=25" + (after is null ? "" : $"&after={Uri.EscapeDataString(after)}"))).ReadObjectAsync();
            paged.AddRange(page["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
            after = page["next"]?.GetValue<string>();
        }
        while (after is not null);
        Assert.Equal(expected, paged);
    }

    [Theory]
    [InlineData("take=50", "workflowId")]
    [InlineData("workflowId=test-fault&take=0", "take")]
    [InlineData("workflowId=test-fault&take=501", "take")]
    [InlineData("workflowId=test-fault&after=not-a-cursor", "after")]
    // The journeys list's cursor (createdAt, ascending) is not one of this list.
    [InlineData("workflowId=test-fault&after=Y2F8MHx4", "after")]
    [InlineData("workflowId=test-fault&status=Faulted", "status")]
    public async Task TheStuckListsFaultedPages_RefuseBadParameters_NamingThem(string query, string field) =>
        await (await _factory.CreateApiClient().GetAsync("/api/dashboard/stuck/faulted?" + query)).AssertProblemAsync(HttpStatusCode.BadRequest, field);

    // Session 51: the stuck list's long waits were the 50 longest and nothing more; an operator with thousands of journeys waiting on
    // a lender's webhook saw 50 and no way to the rest. 60 journeys waiting past the threshold, created in one order and waiting since
    // the reverse one (seeded in the server's own store), a younger wait that is not stuck, and the funnel's count of them all.
    [Fact]
    public async Task StuckListsTheLongestWaitsFirst_AndPagesTheRestByCursor()
    {
        var store = _factory.Services.GetRequiredService<IWorkflowStore>();
        var api = _factory.CreateApiClient();
        var now = _factory.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        var waitingSince = new Dictionary<string, DateTimeOffset>();
        for (var n = 0; n <= 60; n++)
        {
            var id = $"wait-{n:D2}";
            // wait-60 has waited ten minutes: not stuck after an hour.
            var since = n == 60 ? now.AddMinutes(-10) : now.AddDays(-3).AddMinutes(-n);
            var history = $"[{{\"stepId\":\"wait\",\"activity\":\"Core.Wait\",\"status\":\"Waiting\",\"startedAt\":\"{since:O}\"}}]";
            await store.CreateInstanceAsync(new InstanceRecord
            {
                Id = id, WorkflowId = "test-fault", WorkflowVersion = 1, Status = WorkflowStatus.Waiting, InputJson = "{}", VariablesJson = "{}",
                OutputsJson = "{}", HistoryJson = history, CurrentStepId = "wait", CreatedAt = now.AddDays(-4).AddMinutes(n), UpdatedAt = since,
            }, new JournalRecord(0, id, since, JournalKinds.InstanceStarted, null, null, null), default);
            waitingSince[id] = since;
        }

        var expected = waitingSince.Where(w => w.Key != "wait-60").OrderBy(w => w.Value).Select(w => w.Key).ToList();

        var funnel = await (await api.GetAsync("/api/dashboard/funnel?workflowId=test-fault&stuckAfterSeconds=3600")).ReadObjectAsync();
        Assert.Equal(expected.Take(50), funnel["stuck"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
        Assert.Equal(60, funnel["stuckWaiting"]!.GetValue<int>());
        Assert.Null(funnel["stuckFaultedNext"]);
        var next = funnel["stuckWaitingNext"]!.GetValue<string>();

        var rest = await (await api.GetAsync($"/api/dashboard/stuck/waiting?workflowId=test-fault&stuckAfterSeconds=3600&after={Uri.EscapeDataString(next)}")).ReadObjectAsync();
        Assert.Equal(expected.Skip(50), rest["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
        Assert.Equal(waitingSince[expected[50]], rest["items"]![0]!["waitingSince"]!.GetValue<DateTimeOffset>());
        Assert.Null(rest["next"]);

        // The same order page by page from the start, 25 at a time; the default threshold is the funnel's (an hour).
        var paged = new List<string>();
        string? after = null;
        do
        {
            var page = await (await api.GetAsync("/api/dashboard/stuck/waiting?workflowId=test-fault&take=25" + (after is null ? "" : $"&after={Uri.EscapeDataString(after)}"))).ReadObjectAsync();
            paged.AddRange(page["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
            after = page["next"]?.GetValue<string>();
        }
        while (after is not null);
        Assert.Equal(expected, paged);

        // Past a threshold of zero the young wait is stuck too, at the run's end.
        var all = await (await api.GetAsync("/api/dashboard/stuck/waiting?workflowId=test-fault&stuckAfterSeconds=0&take=500")).ReadObjectAsync();
        Assert.Equal([.. expected, "wait-60"], all["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("take=50", "workflowId")]
    [InlineData("workflowId=&take=50", "workflowId")]
    [InlineData("workflowId=test-fault&take=0", "take")]
    [InlineData("workflowId=test-fault&take=501", "take")]
    [InlineData("workflowId=test-fault&take=ten", "take")]
    [InlineData("workflowId=test-fault&stuckAfterSeconds=-1", "stuckAfterSeconds")]
    [InlineData("workflowId=test-fault&after=not-a-cursor", "after")]
    // The faulted run's cursor, the journeys list's, and a waiting cursor whose time is no time: none is one of this list.
    [InlineData("workflowId=test-fault&after=ZnwxfDB8eA", "after")]
    [InlineData("workflowId=test-fault&after=Y2F8MHx4", "after")]
    [InlineData("workflowId=test-fault&after=d3xub3QtYS10aW1lfHg", "after")]
    [InlineData("workflowId=test-fault&status=Waiting", "status")]
    public async Task TheStuckListsWaitingPages_RefuseBadParameters_NamingThem(string query, string field) =>
        await (await _factory.CreateApiClient().GetAsync("/api/dashboard/stuck/waiting?" + query)).AssertProblemAsync(HttpStatusCode.BadRequest, field);

    private static (int Reached, int Completed, int Waiting, int Rejected) Counts(System.Text.Json.Nodes.JsonNode step) =>
        (step["reached"]!.GetValue<int>(), step["completed"]!.GetValue<int>(), step["waiting"]!.GetValue<int>(), step["rejected"]!.GetValue<int>());
}
