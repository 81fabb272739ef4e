using System.Net;
using System.Text.Json.Nodes;
using LoanJourney.Server.Tests.Support;

namespace LoanJourney.Server.Tests.Instances;

/// <summary>
/// <c>Server:Bulk:PauseBetweenBatches</c>: a bulk operation waits between two batches that change journeys, so a thousand-journey
/// cancel or migration leaves the writer to live traffic; a request whose client goes stops at the pause, with what it did
/// recorded and the rest untouched.
/// </summary>
public sealed class BulkPauseTests : IDisposable
{
    // This class's own server: its two journeys are every test-review journey there, so the filter selects exactly them.
    // Ten minutes, the longest pause allowed: the second batch cannot start while this test runs, on any machine.
    private readonly ServerFactory _factory = new(new Dictionary<string, string?>(TestPrincipals.Settings())
    {
        ["Server:Bulk:BatchSize"] = "1",
        ["Server:Bulk:PauseBetweenBatches"] = "00:10:00",
    });

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task ABulkCancel_PausesAfterEachBatch_AndARequestEndedInThePause_LeavesTheRestUntouched()
    {
        var api = _factory.CreateClient(TestPrincipals.KeyOf("Operator"));
        var customers = new[] { "CUST-P1-" + Guid.NewGuid().ToString("N")[..6], "CUST-P2-" + Guid.NewGuid().ToString("N")[..6] };
        var journeys = new List<string>();
        foreach (var customer in customers)
        {
            var id = await api.StartAsync("test-review", new { customerId = customer });
            await api.WaitForStatusAsync(id, "Waiting");
            journeys.Add(id);
        }

        using var ended = new CancellationTokenSource();
        var apply = api.PostAsync("/api/instances/bulk/cancel",
            Api.Json(new { filter = new { workflowId = "test-review" }, dryRun = false, reason = "duplicate applications" }), ended.Token);

        // The first batch (one journey) is cancelled and audited; the request is then in its pause.
        var audited = await WaitForBulkAuditAsync(api, journeys, apply);
        Assert.False(apply.IsCompleted, "the request answered before its second batch: no pause");
        var first = audited["instanceId"]!.GetValue<string>();
        await api.WaitForStatusAsync(first, "Cancelled");

        await ended.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => apply);

        var second = journeys.Single(j => j != first);
        Assert.Equal("Waiting", (await api.GetInstanceAsync(second))["status"]!.GetValue<string>());
        var entries = (await (await api.GetAsync("/api/audit?action=bulk-cancel")).ReadObjectAsync())["items"]!.AsArray();
        Assert.Single(entries, e => journeys.Contains(e!["instanceId"]!.GetValue<string>()));

        // The same request again finds only what is left, and (one batch) answers without a pause.
        var again = await (await api.PostAsync("/api/instances/bulk/cancel",
            Api.Json(new { filter = new { workflowId = "test-review" }, dryRun = false, reason = "duplicate applications" }))).ReadObjectAsync();
        Assert.Equal(second, Assert.Single(again["results"]!.AsArray())!["id"]!.GetValue<string>());
        await api.WaitForStatusAsync(second, "Cancelled");
    }

    [Theory]
    [InlineData("-00:00:01")]
    [InlineData("00:10:00.001")]
    public void APauseOutOfRange_StopsTheStart_NamingTheSetting(string value)
    {
        using var factory = new ServerFactory(new Dictionary<string, string?> { ["Server:Bulk:PauseBetweenBatches"] = value });

        var message = Assert.ThrowsAny<Exception>(() => factory.CreateClient()).ToString();

        Assert.Contains($"Server:Bulk:PauseBetweenBatches must be between 00:00:00 and 00:10:00, not {value}", message, StringComparison.Ordinal);
    }

    private static async Task<JsonObject> WaitForBulkAuditAsync(HttpClient api, IReadOnlyList<string> journeys, Task<HttpResponseMessage> apply)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew(); // a safety net of 60 s: ends as soon as the entry is there
        while (true)
        {
            var items = (await (await api.GetAsync("/api/audit?action=bulk-cancel")).ReadObjectAsync())["items"]!.AsArray();
            if (items.FirstOrDefault(e => journeys.Contains(e!["instanceId"]!.GetValue<string>())) is JsonObject entry)
            {
                return entry;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60),
                "no bulk-cancel entry for the first batch; the request " + (apply.IsCompleted ? "answered " + await apply.Result.Content.ReadAsStringAsync() : "goes on"));
            await Task.Delay(25);
        }
    }
}
