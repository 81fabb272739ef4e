using System.Text;
using System.Text.Json.Nodes;
using LoanJourney.Engine.Activities;
using LoanJourney.Engine.Errors;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Runtime;
using LoanJourney.Engine.Tests.Support;
using static LoanJourney.Engine.Tests.Support.Defs;

namespace LoanJourney.Engine.Tests.Runtime;

public sealed class StimulusTests
{
    private static readonly string WebhookFlow = Workflow("hook", $$"""
        {{Step("a", "Test.Record", """{ "Done": "wait" }""")}},
        {{Step("wait", "Core.WaitForWebhook", """{ "Received": "got", "Timeout": "late" }""", """{ "key": "finbox:{{$input.customerId}}:LOAN_DISBURSED", "timeout": "01:00:00" }""")}},
        {{Step("got", "Test.Record", """{ "Done": "end" }""", """{ "label": "$steps.wait.output.payload.loanId" }""")}},
        {{Step("end", "Core.End", inputs: """{ "outcome": "Disbursed" }""")}},
        {{Step("late", "Core.End", inputs: """{ "outcome": "TimedOut" }""")}}
        """, input: """[{ "name": "customerId", "type": "String", "required": true }]""");

    private static readonly string OtpFlow = Workflow("otp", $"""
        {Step("a", "Test.Otp", """{ "Verified": "end", "Resent": "a2" }""")},
        {Step("a2", "Test.Otp", """{ "Verified": "end", "Resent": "end" }""")},
        {Step("end", "Core.End", inputs: """{ "outcome": "Done" }""")}
        """);

    [Fact]
    public async Task Webhook_FirstStimulusWins_TheTimeoutTimerIsRemovedInTheSameTransaction()
    {
        await using var engine = await EngineHarness.StartAsync(WebhookFlow);
        var instance = await engine.StartAndRunAsync("hook", """{ "customerId": "C1" }""");
        Assert.Equal([BookmarkKind.Webhook, BookmarkKind.Timer], instance.Bookmarks.Select(b => b.Kind));
        Assert.Equal(InboxKeys.Stored("finbox:C1:LOAN_DISBURSED"), instance.Bookmarks[0].Key); // the customer id hashed (session 53)

        var delivery = await engine.Client.DeliverWebhookAsync("finbox:C1:LOAN_DISBURSED", JsonNode.Parse("""{ "loanId": "L9" }"""), "evt-1");
        Assert.Equal(new WebhookDeliveryResult(WebhookDeliveryStatus.Routed, instance.Id), delivery);
        Assert.Empty((await engine.Client.GetInstanceAsync(instance.Id)).Bookmarks);

        await engine.DrainAsync();
        await engine.AdvanceAsync(TimeSpan.FromHours(2));
        var done = await engine.Client.GetInstanceAsync(instance.Id);
        Assert.Equal(("Disbursed", WorkflowStatus.Completed), (done.Outcome, done.Status));
        Assert.Equal(["a:", "got:L9"], engine.Probe.Log);
    }

    [Fact]
    public async Task Webhook_TimeoutFiresFirst_ALateEventIsOnlyBuffered()
    {
        await using var engine = await EngineHarness.StartAsync(WebhookFlow);
        var instance = await engine.StartAndRunAsync("hook", """{ "customerId": "C1" }""");
        await engine.AdvanceAsync(TimeSpan.FromHours(1));

        var delivery = await engine.Client.DeliverWebhookAsync("finbox:C1:LOAN_DISBURSED", null, "evt-late");
        Assert.Equal(WebhookDeliveryStatus.Buffered, delivery.Status);
        Assert.Equal("TimedOut", (await engine.Client.GetInstanceAsync(instance.Id)).Outcome);
    }

    [Fact]
    public async Task Webhook_DuplicateEventId_MovesTheInstanceOnce()
    {
        await using var engine = await EngineHarness.StartAsync(WebhookFlow);
        var instance = await engine.StartAndRunAsync("hook", """{ "customerId": "C1" }""");
        var payload = JsonNode.Parse("""{ "loanId": "L1" }""");

        var first = await engine.Client.DeliverWebhookAsync("finbox:C1:LOAN_DISBURSED", payload, "evt-7");
        var again = await engine.Client.DeliverWebhookAsync("finbox:C1:LOAN_DISBURSED", payload, "evt-7");
        await engine.DrainAsync();
        var third = await engine.Client.DeliverWebhookAsync("finbox:C1:LOAN_DISBURSED", payload, "evt-7");

        Assert.Equal([WebhookDeliveryStatus.Routed, WebhookDeliveryStatus.Duplicate, WebhookDeliveryStatus.Duplicate], new[] { first.Status, again.Status, third.Status });
        Assert.Equal(["a:", "got:L1"], engine.Probe.Log);
        Assert.Single(await engine.JournalKindsAsync(instance.Id), k => k == JournalKinds.WebhookReceived);
    }

    // Session 53: a FinBox key carries the lender payload's customer id; the inbox, the bookmarks and the journal kept it in
    // the clear until retention. Now each holds it hashed (finbox:sha256:<hex>:<event>), and a templated wait, the endpoint's
    // key, a buffered event, a routed one and a duplicate all still meet.
    [Fact]
    public async Task Webhook_KeysAreStoredWithTheCustomerIdHashed_AndBufferedRoutedAndDuplicateEventsStillMeetTheirWait()
    {
        await using var engine = await EngineHarness.StartAsync(WebhookFlow);
        var early = await engine.Client.DeliverWebhookAsync("finbox:CUST-KEYPII-3:LOAN_DISBURSED", JsonNode.Parse("""{ "loanId": "EARLY" }"""), "evt-k3");
        Assert.Equal(WebhookDeliveryStatus.Buffered, early.Status);
        Assert.Equal([InboxKeys.Stored("finbox:CUST-KEYPII-3:LOAN_DISBURSED")], await ColumnAsync(engine, "SELECT key FROM webhook_inbox"));
        Assert.Equal("finbox:" + PrivacyHash.Of("CUST-KEYPII-3") + ":LOAN_DISBURSED", InboxKeys.Stored("finbox:CUST-KEYPII-3:LOAN_DISBURSED"));

        var waiting = await engine.StartAndRunAsync("hook", """{ "customerId": "CUST-KEYPII-4" }""");
        Assert.Equal([InboxKeys.Stored("finbox:CUST-KEYPII-4:LOAN_DISBURSED")], await ColumnAsync(engine, "SELECT key FROM bookmarks WHERE kind = 'Webhook'"));
        var buffered = await engine.StartAndRunAsync("hook", """{ "customerId": "CUST-KEYPII-3" }""");
        Assert.Equal(WorkflowStatus.Completed, buffered.Status);

        var routed = await engine.Client.DeliverWebhookAsync("finbox:CUST-KEYPII-4:LOAN_DISBURSED", JsonNode.Parse("""{ "loanId": "L4" }"""), "evt-k4");
        Assert.Equal(new WebhookDeliveryResult(WebhookDeliveryStatus.Routed, waiting.Id), routed);
        Assert.Equal(WebhookDeliveryStatus.Duplicate, (await engine.Client.DeliverWebhookAsync("finbox:CUST-KEYPII-4:LOAN_DISBURSED", null, "evt-k4")).Status);
        await engine.DrainAsync();
        Assert.Equal(["a:", "a:", "got:EARLY", "got:L4"], engine.Probe.Log); // the waiting journey, then the one that found its event buffered

        var stored = await ColumnAsync(engine, "SELECT key FROM webhook_inbox UNION ALL SELECT key FROM bookmarks UNION ALL SELECT data_json FROM journal WHERE kind = 'WebhookReceived'");
        Assert.Equal(4, stored.Count); // two inbox records, two WebhookReceived entries
        Assert.All(stored, value => Assert.DoesNotContain("KEYPII", value ?? "", StringComparison.Ordinal));
    }

    private static async Task<List<string?>> ColumnAsync(EngineHarness engine, string sql)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={engine.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string?>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.IsDBNull(0) ? null : reader.GetString(0));
        }

        return values;
    }

    [Fact]
    public async Task Webhook_ArrivingBeforeTheWait_IsBufferedAndConsumedWhenTheWaitBegins()
    {
        await using var engine = await EngineHarness.StartAsync(WebhookFlow);
        var early = await engine.Client.DeliverWebhookAsync("finbox:C2:LOAN_DISBURSED", JsonNode.Parse("""{ "loanId": "EARLY" }"""), "evt-early");
        Assert.Equal(WebhookDeliveryStatus.Buffered, early.Status);

        var instance = await engine.StartAndRunAsync("hook", """{ "customerId": "C2" }""");

        Assert.Equal(("Disbursed", WorkflowStatus.Completed), (instance.Outcome, instance.Status));
        Assert.Equal(["a:", "got:EARLY"], engine.Probe.Log);
        var kinds = await engine.JournalKindsAsync(instance.Id);
        Assert.Contains(JournalKinds.WebhookReceived, kinds);
        Assert.Equal(WebhookDeliveryStatus.Duplicate, (await engine.Client.DeliverWebhookAsync("finbox:C2:LOAN_DISBURSED", null, "evt-early")).Status);
    }

    [Fact]
    public async Task Signal_NotWaitedFor_ThrowsSignalNotExpectedNamingWhatItWaitsFor()
    {
        await using var engine = await EngineHarness.StartAsync(OtpFlow);
        var instance = await engine.StartAndRunAsync("otp");

        var ex = await Assert.ThrowsAsync<SignalNotExpectedException>(() => engine.Client.SignalAsync(instance.Id, "pan", null));
        Assert.Equal("signal_not_expected", ex.Code);
        Assert.Equal(["otp", "resend"], ex.Expected.Order(StringComparer.Ordinal));
        await Assert.ThrowsAsync<InstanceNotFoundException>(() => engine.Client.SignalAsync("nope", "otp", null));
    }

    [Fact]
    public async Task Signal_Durable_FirstWinsAndTheOtherBookmarkIsGone()
    {
        await using var engine = await EngineHarness.StartAsync(OtpFlow);
        var instance = await engine.StartAndRunAsync("otp");

        var afterResend = await engine.Client.SignalAsync(instance.Id, "resend", null);
        Assert.Empty(afterResend.Bookmarks);
        await Assert.ThrowsAsync<SignalNotExpectedException>(() => engine.Client.SignalAsync(instance.Id, "otp", JsonNode.Parse("""{ "otp": "123456" }""")));
        await engine.DrainAsync();

        var waiting = await engine.Client.GetInstanceAsync(instance.Id);
        Assert.Equal("a2", waiting.CurrentStepId);
    }

    [Fact]
    public async Task Signal_Sensitive_ResumesInProcessAndThePayloadIsNeverStored()
    {
        await using var engine = await EngineHarness.StartAsync(OtpFlow);
        var instance = await engine.StartAndRunAsync("otp");
        Assert.Contains(instance.Bookmarks, b => b is { Key: "otp", Sensitive: true });

        var after = await engine.Client.SignalAsync(instance.Id, "otp", JsonNode.Parse("""{ "otp": "918273" }"""));

        Assert.Equal(["verify:6"], engine.Probe.Log);
        Assert.Equal("end", after.CurrentStepId);
        await engine.DrainAsync();
        Assert.Equal(WorkflowStatus.Completed, (await engine.Client.GetInstanceAsync(instance.Id)).Status);
        var journal = await engine.Client.ReadJournalAsync(instance.Id, 0, 100);
        var received = Assert.Single(journal.Items, e => e.Kind == JournalKinds.SignalReceived);
        Assert.True(received.Data!["sensitive"]!.GetValue<bool>());

        await engine.RestartAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var bytes = string.Concat(Directory.GetFiles(Path.GetDirectoryName(engine.DatabasePath)!).Select(f => Encoding.Latin1.GetString(File.ReadAllBytes(f))));
        Assert.DoesNotContain("918273", bytes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signal_Sensitive_TheJournalSaysItWasReceivedBeforeTheStepResumed_InOrderAndInTime()
    {
        await using var engine = await EngineHarness.StartAsync(OtpFlow);
        var instance = await engine.StartAndRunAsync("otp");
        var sent = engine.Clock.GetUtcNow();
        engine.Probe.OnOtpResume = () => engine.Clock.Advance(TimeSpan.FromSeconds(3)); // the step takes a while: its commit is later

        await engine.Client.SignalAsync(instance.Id, "otp", JsonNode.Parse("""{ "otp": "918273" }"""));

        var journal = (await engine.Client.ReadJournalAsync(instance.Id, 0, 100)).Items;
        var received = Assert.Single(journal, e => e.Kind == JournalKinds.SignalReceived);
        var resumed = Assert.Single(journal, e => e.Kind == JournalKinds.StepResumed && e.StepId == received.StepId);
        var completed = Assert.Single(journal, e => e.Kind == JournalKinds.StepCompleted && e.StepId == received.StepId);
        Assert.True(received.Sequence < resumed.Sequence, "listed before the resume");
        Assert.Equal(sent, received.At);
        Assert.True(received.At <= resumed.At, $"received {received.At:O}, resumed {resumed.At:O}");
        Assert.Equal(sent.AddSeconds(3), completed.At);
        var times = journal.Select(e => e.At).ToList();
        Assert.Equal(times.Order(), times);
    }

    // A journey's times are whole milliseconds (the stores keep UnixMs; a start's record since session 43), but its steps'
    // times, and so waitingSince, were kept to the 100 ns: 09:00:00.1234567 beside a createdAt of 09:00:00.123.
    [Fact]
    public async Task AWaitingJourneysStepTimesAndWaitingSince_AreWholeMilliseconds_AsItsOtherTimes()
    {
        await using var engine = await EngineHarness.StartAsync(OtpFlow);
        engine.Clock.Advance(TimeSpan.FromTicks(1_234_567)); // 123.4567 ms

        var instance = await engine.StartAndRunAsync("otp");

        var waiting = instance.Steps[^1];
        Assert.Equal(("a", StepStatuses.Waiting), (waiting.StepId, waiting.Status));
        Assert.Equal(EngineHarness.Start.AddMilliseconds(123), instance.CreatedAt);
        Assert.Equal(instance.CreatedAt, waiting.StartedAt);
        var listed = Assert.Single((await engine.Client.ListInstancesAsync(new InstanceQuery { WorkflowId = "otp" })).Items);
        Assert.Equal(instance.CreatedAt, listed.WaitingSince);

        engine.Clock.Advance(TimeSpan.FromTicks(4_321));
        var resent = await engine.Client.SignalAsync(instance.Id, "resend", null);
        await engine.DrainAsync();
        var after = await engine.Client.GetInstanceAsync(resent.Id);
        Assert.All(after.Steps, s => Assert.Equal(0, s.StartedAt.Ticks % TimeSpan.TicksPerMillisecond));
        Assert.All(after.Steps, s => Assert.Equal(0, (s.FinishedAt ?? s.StartedAt).Ticks % TimeSpan.TicksPerMillisecond));
    }

    [Fact]
    public async Task Signal_SensitiveWhileAnotherRunnerHoldsTheInstance_FailsWithARetryableError()
    {
        await using var engine = await EngineHarness.StartAsync(OtpFlow);
        var instance = await engine.StartAndRunAsync("otp");
        var now = engine.Clock.GetUtcNow();
        Assert.NotNull(await engine.Store.TryClaimAsync(instance.Id, "other-node", now, now.AddMinutes(1), default));

        var ex = await Assert.ThrowsAsync<InstanceBusyException>(() => engine.Client.SignalAsync(instance.Id, "otp", JsonNode.Parse("""{ "otp": "1" }""")));
        Assert.Equal("instance_busy", ex.Code);
        Assert.Empty(engine.Probe.Log);
    }
}
