using System.Net;
using LoanJourney.Server.Tests.Support;

namespace LoanJourney.Server.Tests.Privacy;

/// <summary>The retention job in the running server, and <c>GET /api/retention</c> showing the settings and what it redacted when.</summary>
public sealed class RetentionApiTests : IDisposable
{
    private readonly ServerFactory _factory = new(new Dictionary<string, string?>(TestPrincipals.Settings())
    {
        ["Retention:Enabled"] = "true",
        ["Retention:Completed"] = "00:00:00", // redact as soon as it completes
        ["Retention:Cancelled"] = "",         // kept forever
        ["Retention:Faulted"] = "30.00:00:00",
        ["Retention:Inbox"] = "7.00:00:00",
        ["Retention:Interval"] = "00:00:00.100",
    });

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task ACompletedJourneyIsRedactedByTheJob_AWaitingOneIsNot_AndRetentionShowsIt()
    {
        var api = _factory.CreateClient(TestPrincipals.KeyOf("Operator"));
        var done = await api.StartAsync("test-review", new { customerId = "CUST-RET-1", customer = new { mobile = "9876501234" } });
        var waiting = await api.StartAsync("test-review", new { customerId = "CUST-RET-2", customer = new { mobile = "9876505678" } });
        await api.WaitForStatusAsync(done, "Waiting");
        await api.WaitForStatusAsync(waiting, "Waiting");
        Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsync($"/api/instances/{done}/signals/decision", Api.Json(new { approved = true }))).StatusCode);
        await api.WaitForStatusAsync(done, "Completed");

        var viewer = _factory.CreateClient(TestPrincipals.KeyOf("Viewer"));
        var deadline = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var retention = await (await viewer.GetAsync("/api/retention")).ReadObjectAsync();
            var runs = retention["recent"]!.AsArray();
            if (runs.Any(r => r!["instanceIds"]!.AsArray().Any(id => id!.GetValue<string>() == done)))
            {
                Assert.True(retention["enabled"]!.GetValue<bool>());
                Assert.Equal("00:00:00", retention["completed"]!.GetValue<string>());
                Assert.Null(retention["cancelled"]);
                Assert.Equal("30.00:00:00", retention["faulted"]!.GetValue<string>());
                Assert.Equal("7.00:00:00", retention["inbox"]!.GetValue<string>());
                Assert.Equal("Completed", runs[0]!["kind"]!.GetValue<string>());
                break;
            }

            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(60), $"retention did not redact {done}: {retention.ToJsonString()}");
            await Task.Delay(50);
        }

        var redacted = await viewer.GetInstanceAsync(done);
        Assert.Equal("Completed", redacted["status"]!.GetValue<string>());
        Assert.StartsWith("sha256:", redacted["correlationId"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(redacted["input"]!.AsObject());
        var inFlight = await viewer.GetInstanceAsync(waiting);
        Assert.Equal("CUST-RET-2", inFlight["correlationId"]!.GetValue<string>());
        Assert.Equal("XXXXXX5678", inFlight["input"]!["customer"]!["mobile"]!.GetValue<string>());
        var audit = await (await viewer.GetAsync("/api/audit?action=retention&principal=system")).ReadObjectAsync();
        Assert.True(audit["total"]!.GetValue<long>() >= 1);
    }
}
