using System.Net;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Runtime;
using LoanJourney.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

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
                Assert.Null(retention["auditTrail"]); // the default: the trail is kept for ever
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

    // Session 47: Retention:AuditTrail ends the trail. The job removes entries older than it (one recorded six years ago
    // here), records the removal as its own entry (how many, from when to when, nothing of what they said), GET
    // /api/retention says the policy and lists the batch, and the export says the policy in a header.
    [Fact]
    public async Task TheAuditTrailsRetention_RemovesOlderEntries_AndTheApiAndTheExportSayThePolicy()
    {
        using var factory = new ServerFactory(new Dictionary<string, string?>(TestPrincipals.Settings())
        {
            ["Retention:Enabled"] = "true",
            ["Retention:AuditTrail"] = "2922.00:00:00", // eight years
            ["Retention:Interval"] = "00:00:00.100",
        });
        var auditor = factory.CreateClient(TestPrincipals.KeyOf("Auditor"));
        var client = factory.Services.GetRequiredService<IWorkflowClient>();
        var now = factory.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        var old = DateTimeOffset.FromUnixTimeMilliseconds((now - TimeSpan.FromDays(9 * 365)).ToUnixTimeMilliseconds());
        await client.RecordAuditAsync(new AuditEntry(0, old, "oscar", AuditActions.Retry, "test-review", "ancient", "lender back, ticket OPS-1", null));
        await client.RecordAuditAsync(new AuditEntry(0, now, "oscar", AuditActions.Retry, "test-review", "recent", "lender back, ticket OPS-2", null));

        var deadline = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var retention = await (await auditor.GetAsync("/api/retention")).ReadObjectAsync();
            var batch = retention["recent"]!.AsArray().FirstOrDefault(r => r!["kind"]!.GetValue<string>() == "AuditTrail");
            if (batch is not null)
            {
                Assert.Equal("2922.00:00:00", retention["auditTrail"]!.GetValue<string>());
                Assert.Equal(1, batch["count"]!.GetValue<int>());
                Assert.Equal(old, batch["oldest"]!.GetValue<DateTimeOffset>());
                Assert.Equal(old, batch["newest"]!.GetValue<DateTimeOffset>());
                break;
            }

            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(60), $"retention did not remove the old entry: {retention.ToJsonString()}");
            await Task.Delay(50);
        }

        var export = await auditor.GetAsync("/api/audit/export?action=retry,retention");
        Assert.Equal("2922.00:00:00", export.Headers.GetValues("X-Audit-Trail-Retention").Single());
        var file = await export.Content.ReadAsStringAsync();
        Assert.Contains("OPS-2", file, StringComparison.Ordinal);
        Assert.DoesNotContain("OPS-1", file, StringComparison.Ordinal); // removed, and its removal says nothing of it
        Assert.DoesNotContain("ancient", file, StringComparison.Ordinal);
        var forever = await _factory.CreateClient(TestPrincipals.KeyOf("Auditor")).GetAsync("/api/audit/export");
        Assert.Equal("forever", forever.Headers.GetValues("X-Audit-Trail-Retention").Single());
    }

    // Session 44: retention cleared the journey's key, so a partner's retry of the start began a second loan journey.
    [Fact]
    public async Task AReplayedStartOfARedactedJourney_Is409NamingIdempotencyKey_AndStartsNothing_WhileANewKeyStarts()
    {
        var api = _factory.CreateClient(TestPrincipals.KeyOf("Operator"));
        var body = new { customerId = "CUST-RET-IDEM" };
        HttpRequestMessage Start(string key)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/workflows/test-review/instances") { Content = Api.Json(body) };
            request.Headers.Add("Idempotency-Key", key);
            return request;
        }

        using (var first = Start("loan-app-501"))
        {
            var started = await api.SendAsync(first);
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
            var id = (await started.ReadObjectAsync())["id"]!.GetValue<string>();
            await api.WaitForStatusAsync(id, "Waiting");
            Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsync($"/api/instances/{id}/signals/decision", Api.Json(new { approved = true }))).StatusCode);
            await api.WaitForStatusAsync(id, "Completed");
            var deadline = System.Diagnostics.Stopwatch.StartNew();
            while ((await api.GetInstanceAsync(id))["correlationId"]!.GetValue<string>() == body.customerId)
            {
                Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(60), $"retention did not redact {id}");
                await Task.Delay(50);
            }

            using var replay = Start("loan-app-501");
            var problem = await (await api.SendAsync(replay)).AssertProblemAsync(HttpStatusCode.Conflict);
            Assert.Equal("idempotency_key_purged", problem["code"]!.GetValue<string>());
            Assert.Equal("Idempotency-Key", problem["header"]!.GetValue<string>());
            Assert.Equal(id, problem["instanceId"]!.GetValue<string>());
            Assert.Contains("Idempotency-Key 'loan-app-501'", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        Assert.Equal(1, (await (await api.GetAsync("/api/instances?workflowId=test-review")).ReadObjectAsync())["total"]!.GetValue<int>());
        var viewer = _factory.CreateClient(TestPrincipals.KeyOf("Viewer"));
        Assert.Equal("365.00:00:00", (await (await viewer.GetAsync("/api/retention")).ReadObjectAsync())["idempotencyTombstones"]!.GetValue<string>());

        using var fresh = Start("loan-app-502");
        Assert.Equal(HttpStatusCode.Accepted, (await api.SendAsync(fresh)).StatusCode);
    }

    // Session 52 (docs/server.md, "What holds a borrower's data"): the trail outlives a journey's redaction, and retention left
    // an operator's reason about the journey as received, pattern-masked only: the borrower's name, birth date, address and
    // customer id stayed in the trail for ever (and a later erasure could no longer find them: the input was gone). The
    // redaction now masks the journey's own values in those reasons, as the erasure does; who, what, when and the rest stay.
    [Fact]
    public async Task RetentionMasksTheJourneysOwnValuesInTheReasonsAboutIt_KeepingWhoWhatAndWhen()
    {
        using var factory = new ServerFactory(new Dictionary<string, string?>(TestPrincipals.Settings())
        {
            ["Retention:Enabled"] = "true",
            ["Retention:Cancelled"] = "00:00:00",
            ["Retention:Interval"] = "00:00:00.100",
        });
        var api = factory.CreateClient(TestPrincipals.KeyOf("Operator"));
        const string customerId = "CUST-RET-NAME";
        var id = await api.StartAsync("test-review", new { customerId, customer = new { name = "Meera Kaveri Iyer", dateOfBirth = "1987-11-23", address = "77 Zinnia Lane, Whitefield" } });
        await api.WaitForStatusAsync(id, "Waiting");
        Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsync($"/api/instances/{id}/cancel",
            Api.Json(new { reason = $"Mrs Iyer (Meera Kaveri Iyer, born 1987-11-23, of 77 Zinnia Lane, Whitefield, {customerId}) asked to stop; ticket OPS-52" }))).StatusCode);
        var deadline = System.Diagnostics.Stopwatch.StartNew();
        while ((await api.GetInstanceAsync(id))["correlationId"]!.GetValue<string>() == customerId)
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(60), $"retention did not redact {id}");
            await Task.Delay(50);
        }

        var entry = (await (await api.GetAsync($"/api/audit?action=cancel&instanceId={id}")).ReadObjectAsync())["items"]!.AsArray().Single()!;
        var reason = entry["reason"]!.GetValue<string>();
        // The birth date is masked when the reason is recorded (Pii.FreeText: a date after "born", session 52's PII walk), the
        // name, the address and the customer id only by retention's mask of the journey's own values.
        Assert.Equal("Mrs *** (***, born XXXXXXXX, of ***, ***) asked to stop; ticket OPS-52", reason);
        Assert.Equal(TestPrincipals.NameOf("Operator"), entry["principal"]!.GetValue<string>());
    }
}
