using LoanJourney.Server.Tests.Support;

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

    private static (int Reached, int Completed, int Waiting, int Rejected) Counts(System.Text.Json.Nodes.JsonNode step) =>
        (step["reached"]!.GetValue<int>(), step["completed"]!.GetValue<int>(), step["waiting"]!.GetValue<int>(), step["rejected"]!.GetValue<int>());
}
