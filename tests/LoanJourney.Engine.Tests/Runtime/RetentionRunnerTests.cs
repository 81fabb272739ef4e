using LoanJourney.Engine.Model;
using LoanJourney.Engine.Runtime;
using LoanJourney.Engine.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using static LoanJourney.Engine.Tests.Support.Defs;

namespace LoanJourney.Engine.Tests.Runtime;

/// <summary>
/// The retention job itself (not only the store's batch statement), driven by the engine's fake clock: rounds of small
/// batches, only what is past its retention, journeys in flight untouched, every batch in the audit trail as <c>system</c>.
/// </summary>
public sealed class RetentionRunnerTests
{
    private static readonly string Journey = Workflow("kept", $$"""
        {{Step("a", "Test.Record", """{ "Done": "w" }""", """{ "label": "one" }""")}},
        {{Step("w", "Core.WaitForSignal", """{ "Received": "end" }""", """{ "signal": "go" }""")}},
        {{Step("end", "Core.End", inputs: """{ "outcome": "Done" }""")}}
        """, input: """[ { "name": "pan", "type": "string" } ]""");

    private static readonly RetentionPolicy Policy = new()
    {
        Completed = TimeSpan.FromDays(30),
        Cancelled = TimeSpan.FromDays(7),
        BatchSize = 2,
        MaxBatchesPerRound = 10,
    };

    private static async Task<WorkflowInstance> StartAsync(EngineHarness engine, string pan) =>
        await engine.StartAndRunAsync("kept", $$"""{ "pan": "{{pan}}" }""", new StartOptions { CorrelationId = "CUST-" + pan });

    private static async Task FinishAsync(EngineHarness engine, string instanceId)
    {
        await engine.Client.SignalAsync(instanceId, "go", null);
        await engine.DrainAsync();
    }

    // Session 53: a round redacted the rows, and secure_delete zeroed what it freed, but the WAL still held every step commit's
    // frame of those pages as they were (the correlation id in the clear), up to 40 MB of them, and the database file its older
    // page images until the next checkpoint. The round now ends with a TRUNCATE checkpoint (no VACUUM).
    [Fact]
    public async Task ARound_LeavesNoCopyOfWhatItRedactedInTheDatabaseOrWalFiles_WithoutAVacuum()
    {
        await using var engine = await EngineHarness.StartAsync(Journey);
        for (var i = 0; i < 6; i++)
        {
            await FinishAsync(engine, (await StartAsync(engine, $"RETPN{i}222A")).Id);
        }

        var waiting = await StartAsync(engine, "KEPTW0000A");
        await engine.AdvanceAsync(TimeSpan.FromDays(31));
        Assert.Contains("CUST-RETPN", ReadFiles(engine), StringComparison.Ordinal); // the precondition: the rows name them

        var batches = await new RetentionRunner(engine.Client, engine.Clock).RunOnceAsync(Policy);

        Assert.Equal(6, batches.Sum(b => b.Count));
        var files = ReadFiles(engine);
        Assert.DoesNotContain("CUST-RETPN", files, StringComparison.Ordinal);
        Assert.Contains("CUST-KEPTW0000A", files, StringComparison.Ordinal); // the waiting journey's row is there as it was
        Assert.Equal(0, new FileInfo(engine.DatabasePath + "-wal").Length);
        Assert.Equal(WorkflowStatus.Waiting, (await engine.Client.GetInstanceAsync(waiting.Id)).Status);
    }

    private static string ReadFiles(EngineHarness engine)
    {
        var text = new System.Text.StringBuilder();
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(engine.DatabasePath)!, Path.GetFileName(engine.DatabasePath) + "*"))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            text.Append(System.Text.Encoding.Latin1.GetString(copy.ToArray()));
        }

        return text.ToString();
    }

    [Fact]
    public async Task ARound_RedactsInSmallBatchesOnlyWhatIsPastRetention_AndAuditsEachBatch()
    {
        await using var engine = await EngineHarness.StartAsync(Journey);
        var oldDone = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var instance = await StartAsync(engine, $"OLDPN{i}111A");
            await FinishAsync(engine, instance.Id);
            oldDone.Add(instance.Id);
        }

        var cancelled = await StartAsync(engine, "CANCL0000A");
        await engine.Client.CancelAsync(cancelled.Id, "borrower withdrew", "ops");
        await engine.DrainAsync();
        var waiting = await StartAsync(engine, "WAITN0000A");

        await engine.AdvanceAsync(TimeSpan.FromDays(20));
        var recent = await StartAsync(engine, "RECNT0000A");
        await FinishAsync(engine, recent.Id);
        await engine.AdvanceAsync(TimeSpan.FromDays(11)); // the first five finished 31 days ago, the cancelled one too, the recent one 11

        var runner = new RetentionRunner(engine.Client, engine.Clock);
        var batches = await runner.RunOnceAsync(Policy);

        // Completed in batches of two (2 + 2 + 1), then the cancelled one; nothing else.
        Assert.Equal(["Completed:2", "Completed:2", "Completed:1", "Cancelled:1"], batches.Select(b => $"{b.Kind}:{b.Count}"));
        Assert.Equal(oldDone.Order(StringComparer.Ordinal), batches.Where(b => b.Kind == "Completed").SelectMany(b => b.InstanceIds).Order(StringComparer.Ordinal));
        Assert.All(batches, b => Assert.Equal(engine.Clock.GetUtcNow(), b.At));

        foreach (var (id, pan) in oldDone.Select((id, i) => (id, $"OLDPN{i}111A")).Append((cancelled.Id, "CANCL0000A")))
        {
            var redacted = (await engine.Store.GetInstanceAsync(id, default))!;
            Assert.Equal("{}", redacted.InputJson);
            Assert.Equal(PrivacyHash.Of("CUST-" + pan), redacted.CorrelationId); // the summary row keeps only a hash
            Assert.All((await engine.Store.ReadJournalAsync(id, 0, 100, default)).Items, e => Assert.DoesNotContain(pan, e.DataJson ?? "", StringComparison.Ordinal));
        }

        // In flight and too recent: untouched, and the waiting journey still finishes.
        Assert.Contains("WAITN0000A", (await engine.Store.GetInstanceAsync(waiting.Id, default))!.InputJson, StringComparison.Ordinal);
        Assert.Contains("RECNT0000A", (await engine.Store.GetInstanceAsync(recent.Id, default))!.InputJson, StringComparison.Ordinal);
        await FinishAsync(engine, waiting.Id);
        Assert.Equal(WorkflowStatus.Completed, (await engine.Client.GetInstanceAsync(waiting.Id)).Status);

        // Every batch is in the audit trail as the system principal, with its count and ids.
        var audit = (await engine.Client.ListAuditAsync(new AuditQuery { Action = AuditActions.Retention })).Items;
        Assert.Equal(4, audit.Count);
        Assert.All(audit, a => Assert.Equal(RetentionRunner.Principal, a.Principal));
        Assert.Equal(6, audit.Sum(a => System.Text.Json.Nodes.JsonNode.Parse(a.DataJson!)!["count"]!.GetValue<int>()));

        // A second round finds nothing; once the recent one is old enough, the next round takes it (and the waiting one, now done 0 days ago, stays).
        Assert.Empty(await runner.RunOnceAsync(Policy));
        await engine.AdvanceAsync(TimeSpan.FromDays(20));
        var later = await runner.RunOnceAsync(Policy);
        Assert.Equal([recent.Id], later.SelectMany(b => b.InstanceIds));
    }

    // Session 41's entry for a 15-second retention (as a demo sets it) read retentionDays
    // 0.00017361111111111112. It now says the period as GET /api/retention does (d.hh:mm:ss) and the days rounded.
    [Theory]
    [InlineData(15, "00:00:15", 0)]
    [InlineData(36 * 3600, "1.12:00:00", 1.5)]
    [InlineData(90 * 86400, "90.00:00:00", 90)]
    public async Task TheAuditEntry_SaysTheRetentionPeriodAsAPersonReadsIt(int seconds, string retention, double days)
    {
        await using var engine = await EngineHarness.StartAsync(Journey);
        var done = await StartAsync(engine, "SHORT0000A");
        await FinishAsync(engine, done.Id);
        await engine.AdvanceAsync(TimeSpan.FromSeconds(seconds + 1));

        await new RetentionRunner(engine.Client, engine.Clock).RunOnceAsync(new RetentionPolicy { Completed = TimeSpan.FromSeconds(seconds), BatchSize = 10 });

        var entry = Assert.Single((await engine.Client.ListAuditAsync(new AuditQuery { Action = AuditActions.Retention })).Items);
        var data = System.Text.Json.Nodes.JsonNode.Parse(entry.DataJson!)!;
        Assert.Equal(retention, data["retention"]!.GetValue<string>());
        Assert.Equal(days, data["retentionDays"]!.GetValue<double>());
        Assert.Equal(days.ToString(System.Globalization.CultureInfo.InvariantCulture), data["retentionDays"]!.ToJsonString());
    }

    // Session 47: Retention:AuditTrail ends the trail. A round removes entries older than the period in batches, and each
    // removal is itself an entry of the trail: how many, the oldest and newest removed time, never what they said. Without
    // the period (the default) nothing is removed.
    [Fact]
    public async Task TheAuditTrailsOwnRetention_RemovesOlderEntriesInBatches_AndRecordsEachRemovalWithoutItsContent()
    {
        await using var engine = await EngineHarness.StartAsync(Journey);
        var first = engine.Clock.GetUtcNow();
        for (var i = 0; i < 3; i++)
        {
            await engine.Client.RecordAuditAsync(new AuditEntry(0, engine.Clock.GetUtcNow(), "oscar", AuditActions.Retry, "kept", $"old-{i}", $"lender back, ticket OPS-{i}", null));
            await engine.AdvanceAsync(TimeSpan.FromDays(1));
        }

        var last = engine.Clock.GetUtcNow() - TimeSpan.FromDays(1);
        await engine.AdvanceAsync(TimeSpan.FromDays(8 * 365));
        await engine.Client.RecordAuditAsync(new AuditEntry(0, engine.Clock.GetUtcNow(), "oscar", AuditActions.Retry, "kept", "recent", "lender back, ticket OPS-9", null));
        var runner = new RetentionRunner(engine.Client, engine.Clock);

        Assert.Empty(await runner.RunOnceAsync(Policy)); // no AuditTrail: kept for ever
        var batches = await runner.RunOnceAsync(Policy with { AuditTrail = TimeSpan.FromDays(8 * 365) });

        Assert.Equal([$"{RetentionRunner.AuditTrailKind}:2", $"{RetentionRunner.AuditTrailKind}:1"], batches.Select(b => $"{b.Kind}:{b.Count}"));
        var trail = (await engine.Client.ListAuditAsync(new AuditQuery())).Items;
        Assert.Equal(["system", "system", "oscar"], trail.Select(e => e.Principal));
        Assert.DoesNotContain(trail, e => e.InstanceId is not null && e.InstanceId.StartsWith("old-", StringComparison.Ordinal));
        var removals = trail.Where(e => e.Action == AuditActions.Retention).Select(e => System.Text.Json.Nodes.JsonNode.Parse(e.DataJson!)!).Reverse().ToList();
        Assert.Equal([2, 1], removals.Select(d => d["count"]!.GetValue<int>()));
        Assert.Equal(first, removals[0]["oldest"]!.GetValue<DateTimeOffset>());
        Assert.Equal(last, removals[^1]["newest"]!.GetValue<DateTimeOffset>());
        Assert.All(removals, d => Assert.Equal("2920.00:00:00", d["retention"]!.GetValue<string>()));
        Assert.All(trail.Where(e => e.Action == AuditActions.Retention), e => Assert.DoesNotContain("OPS-", e.DataJson!, StringComparison.Ordinal));
    }

    // Session 44: the tombstone a redaction keeps of a journey's idempotency key is itself subject to retention.
    [Fact]
    public async Task TheIdempotencyTombstoneOfARedactedJourney_IsForgottenAfterItsOwnPeriod_AndAudited()
    {
        await using var engine = await EngineHarness.StartAsync(Journey);
        var done = await engine.StartAndRunAsync("kept", """{ "pan": "TOMBS0000A" }""", new StartOptions { IdempotencyKey = "loan-app-9" });
        await FinishAsync(engine, done.Id);
        await engine.AdvanceAsync(TimeSpan.FromDays(31));
        var runner = new RetentionRunner(engine.Client, engine.Clock);
        var policy = Policy with { IdempotencyTombstones = TimeSpan.FromDays(365) };

        Assert.Equal(["Completed:1"], (await runner.RunOnceAsync(policy)).Select(b => $"{b.Kind}:{b.Count}"));
        var tombstone = await engine.Client.FindIdempotencyTombstoneAsync("loan-app-9");
        Assert.Equal((done.Id, "kept", engine.Clock.GetUtcNow()), (tombstone!.InstanceId, tombstone.WorkflowId, tombstone.PurgedAt));

        await engine.AdvanceAsync(TimeSpan.FromDays(364));
        Assert.Empty(await runner.RunOnceAsync(policy));
        Assert.NotNull(await engine.Client.FindIdempotencyTombstoneAsync("loan-app-9"));
        Assert.Empty(await runner.RunOnceAsync(Policy)); // no period: kept for ever

        await engine.AdvanceAsync(TimeSpan.FromDays(2));
        Assert.Equal([$"{RetentionRunner.IdempotencyTombstonesKind}:1"], (await runner.RunOnceAsync(policy)).Select(b => $"{b.Kind}:{b.Count}"));
        Assert.Null(await engine.Client.FindIdempotencyTombstoneAsync("loan-app-9"));
        var entry = (await engine.Client.ListAuditAsync(new AuditQuery { Action = AuditActions.Retention })).Items[0];
        var data = System.Text.Json.Nodes.JsonNode.Parse(entry.DataJson!)!;
        Assert.Equal((RetentionRunner.IdempotencyTombstonesKind, 1, "365.00:00:00"),
            (data["kind"]!.GetValue<string>(), data["count"]!.GetValue<int>(), data["retention"]!.GetValue<string>()));
    }

    [Fact]
    public async Task ARoundStopsAtMaxBatches_AndTheNextRoundGoesOn()
    {
        await using var engine = await EngineHarness.StartAsync(Journey);
        for (var i = 0; i < 5; i++)
        {
            var instance = await StartAsync(engine, $"MAXPN{i}111A");
            await FinishAsync(engine, instance.Id);
        }

        await engine.AdvanceAsync(TimeSpan.FromDays(31));
        var runner = new RetentionRunner(engine.Client, engine.Clock);
        var policy = Policy with { MaxBatchesPerRound = 2 };

        Assert.Equal([2, 2], (await runner.RunOnceAsync(policy)).Select(b => b.Count));
        Assert.Equal([1], (await runner.RunOnceAsync(policy)).Select(b => b.Count));
        Assert.Empty(await runner.RunOnceAsync(policy));
    }

    [Fact]
    public async Task BetweenBatchesItPausesInProportionToTheBatchsTime_SoTheDispatcherKeepsMostOfTheStore()
    {
        await using var engine = await EngineHarness.StartAsync(Journey);
        var ids = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var instance = await StartAsync(engine, $"PACE{i}0000A");
            await FinishAsync(engine, instance.Id);
            ids.Add(instance.Id);
        }

        // The runner's own clock: every read moves it 100 ms on, so each batch "takes" a few hundred ms of it, and the
        // pause after it (19 x that at the default 5 % share) only ends when this test moves the clock.
        var runnerClock = new FakeTimeProvider(engine.Clock.GetUtcNow().AddDays(31)) { AutoAdvanceAmount = TimeSpan.FromMilliseconds(100) };
        var runner = new RetentionRunner(engine.Client, runnerClock);
        var round = runner.RunOnceAsync(Policy);

        var waited = System.Diagnostics.Stopwatch.StartNew();
        while ((await engine.Client.ListAuditAsync(new AuditQuery { Action = AuditActions.Retention })).Items.Count == 0)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), "the first batch never ran");
            await Task.Delay(10);
        }

        Assert.Equal(2, await RedactedAsync(engine, ids)); // one batch of two, then the pause holds the second back
        Assert.False(round.IsCompleted);

        // Each pause ends when the clock passes it; the round then goes on (the second batch pauses too).
        while (!round.IsCompleted)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(120), "the round never finished");
            runnerClock.Advance(TimeSpan.FromSeconds(10));
            await Task.WhenAny(round, Task.Delay(20));
        }

        var batches = await round;
        Assert.Equal([2, 2], batches.Select(b => b.Count));
        Assert.Equal(4, await RedactedAsync(engine, ids));
    }

    private static async Task<int> RedactedAsync(EngineHarness engine, IEnumerable<string> ids)
    {
        var redacted = 0;
        foreach (var id in ids)
        {
            redacted += (await engine.Store.GetInstanceAsync(id, default))!.InputJson == "{}" ? 1 : 0;
        }

        return redacted;
    }
}
