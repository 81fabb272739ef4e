using System.Text.Json.Nodes;
using LoanJourney.Engine.Activities;
using LoanJourney.Engine.Errors;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Runtime;
using LoanJourney.Engine.Tests.Support;
using Microsoft.Data.Sqlite;
using static LoanJourney.Engine.Tests.Support.Defs;

namespace LoanJourney.Engine.Tests.Runtime;

/// <summary>
/// ANCHORS.md, "~200 rapid resumes leaving bookmarks stuck" (elsa-core#7223): one journey resumed 200 times back to back, on the
/// SQLite file, with the dispatcher running hosted as in the server. Every stimulus moves it exactly once, none is lost or left
/// buffered, and the journey ends waiting on its one bookmark, not stuck Running.
/// </summary>
public sealed class RapidResumeTests
{
    private const int Resumes = 200;
    private const string Key = "lender:C1:EVENT";

    // A journey that takes one lender event after another, for ever: wait → record the event's number → wait again.
    private static readonly string WebhookLoop = Workflow("hooks", $$"""
        {{Step("a", "Test.Record", """{ "Done": "wait" }""")}},
        {{Step("wait", "Core.WaitForWebhook", """{ "Received": "got" }""", """{ "key": "lender:{{$input.customerId}}:EVENT" }""")}},
        {{Step("got", "Test.Record", """{ "Done": "wait" }""", """{ "label": "$steps.wait.output.payload.n" }""")}}
        """, input: """[{ "name": "customerId", "type": "String", "required": true }]""");

    // The same with an operator's (or the borrower's) signal.
    private static readonly string SignalLoop = Workflow("signals", $$"""
        {{Step("a", "Test.Record", """{ "Done": "wait" }""")}},
        {{Step("wait", "Core.WaitForSignal", """{ "Received": "got" }""", """{ "signal": "next" }""")}},
        {{Step("got", "Test.Record", """{ "Done": "wait" }""", """{ "label": "$steps.wait.output.payload.n" }""")}}
        """);

    [Fact]
    public async Task TwoHundredWebhooksForOneJourney_AllAtOnce_EachMovesItOnce_NoneIsLeftBuffered_AndItWaitsForTheNext()
    {
        await using var engine = await EngineHarness.StartAsync(WebhookLoop);
        using var stop = new CancellationTokenSource();
        await engine.Dispatcher.StartAsync(stop.Token);
        try
        {
            var id = (await engine.Client.StartAsync("hooks", new JsonObject { ["customerId"] = "C1" })).Id;
            await EngineHarness.WaitUntilAsync(() => engine.Probe.Log.Count == 1);

            // All at once, as a lender's retrying queue empties after an outage: most find the journey busy with the previous one.
            var deliveries = await Task.WhenAll(Enumerable.Range(1, Resumes).Select(n => Task.Run(() =>
                engine.Client.DeliverWebhookAsync(Key, new JsonObject { ["n"] = n }, $"evt-{n}"))));
            Assert.All(deliveries, d => Assert.Contains(d.Status, new[] { WebhookDeliveryStatus.Routed, WebhookDeliveryStatus.Buffered }));

            await EngineHarness.WaitUntilAsync(() => engine.Probe.Log.Count == Resumes + 1);
            await EngineHarness.WaitUntilAsync(() => engine.Dispatcher.IsAsleep);
            var taken = engine.Probe.Log.Skip(1).ToList();
            Assert.Equal(Enumerable.Range(1, Resumes).Select(n => $"got:{n}").Order(StringComparer.Ordinal), taken.Order(StringComparer.Ordinal));

            var journey = await engine.Client.GetInstanceAsync(id);
            Assert.Equal((WorkflowStatus.Waiting, "wait"), (journey.Status, journey.CurrentStepId));
            var bookmark = Assert.Single(journey.Bookmarks);
            Assert.Equal((BookmarkKind.Webhook, Key), (bookmark.Kind, bookmark.Key));
            Assert.Null((await engine.Store.GetInstanceAsync(id, default))!.LeaseOwner);
            Assert.Equal(0L, await CountBufferedAsync(engine));
            var journal = await WholeJournalAsync(engine, id);
            Assert.Equal(Resumes, journal.Count(e => e.Kind == JournalKinds.WebhookReceived));

            // The lender sends them all again (it never saw our 2xx): duplicates, the journey does not move.
            var again = await Task.WhenAll(Enumerable.Range(1, Resumes).Select(n => Task.Run(() =>
                engine.Client.DeliverWebhookAsync(Key, new JsonObject { ["n"] = n }, $"evt-{n}"))));
            Assert.All(again, d => Assert.Equal(WebhookDeliveryStatus.Duplicate, d.Status));

            // And the 201st is still taken: the bookmark works.
            Assert.Equal(WebhookDeliveryStatus.Routed, (await engine.Client.DeliverWebhookAsync(Key, new JsonObject { ["n"] = 201 }, "evt-201")).Status);
            await EngineHarness.WaitUntilAsync(() => engine.Probe.Log.Count == Resumes + 2);
            Assert.Equal("got:201", engine.Probe.Log[^1]);
        }
        finally
        {
            await stop.CancelAsync();
            await engine.Dispatcher.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task TwoHundredSignalsToOneJourney_BackToBack_EachAcceptedOneMovesItOnce_ARefusedOneSaysWhatItWaitsFor_NoneIsLost()
    {
        await using var engine = await EngineHarness.StartAsync(SignalLoop);
        using var stop = new CancellationTokenSource();
        await engine.Dispatcher.StartAsync(stop.Token);
        try
        {
            var id = (await engine.Client.StartAsync("signals", null)).Id;
            await EngineHarness.WaitUntilAsync(() => engine.Probe.Log.Count == 1);

            // A client sends the next signal as soon as the last one was answered; a signal that arrives while the journey is
            // still busy with the previous one is refused (409, the client sends it again), never accepted and dropped.
            for (var n = 1; n <= Resumes; n++)
            {
                while (true)
                {
                    try
                    {
                        await engine.Client.SignalAsync(id, "next", new JsonObject { ["n"] = n });
                        break;
                    }
                    catch (SignalNotExpectedException refusal)
                    {
                        Assert.Empty(refusal.Expected); // busy with the previous signal: it waits for nothing yet
                        await Task.Yield();
                    }
                }
            }

            await EngineHarness.WaitUntilAsync(() => engine.Probe.Log.Count == Resumes + 1);
            await EngineHarness.WaitUntilAsync(() => engine.Dispatcher.IsAsleep);
            Assert.Equal(Enumerable.Range(1, Resumes).Select(n => $"got:{n}"), engine.Probe.Log.Skip(1));

            var journey = await engine.Client.GetInstanceAsync(id);
            Assert.Equal((WorkflowStatus.Waiting, "wait"), (journey.Status, journey.CurrentStepId));
            var bookmark = Assert.Single(journey.Bookmarks);
            Assert.Equal((BookmarkKind.Signal, "next"), (bookmark.Kind, bookmark.Key));
            Assert.Null((await engine.Store.GetInstanceAsync(id, default))!.LeaseOwner);
            var journal = await WholeJournalAsync(engine, id);
            Assert.Equal(Resumes, journal.Count(e => e.Kind == JournalKinds.SignalReceived));
        }
        finally
        {
            await stop.CancelAsync();
            await engine.Dispatcher.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>
    /// ANCHORS.md, "correlation lost in the bookmark queue" (elsa-core#6409): events that arrive before their journeys wait are kept
    /// under their own correlation (the key names the borrower), and each journey takes its own and no other's.
    /// </summary>
    [Fact]
    public async Task EventsForTwoBorrowers_BufferedBeforeEitherWaits_InterleavedAndBackToBack_EachJourneyTakesItsOwn_AllOfThem()
    {
        const int PerBorrower = 25;
        await using var engine = await EngineHarness.StartAsync(WebhookLoop);
        foreach (var n in Enumerable.Range(1, PerBorrower))
        {
            foreach (var customer in new[] { "C1", "C2" })
            {
                var early = await engine.Client.DeliverWebhookAsync($"lender:{customer}:EVENT", new JsonObject { ["n"] = $"{customer}-{n}" }, $"{customer}-evt-{n}");
                Assert.Equal(WebhookDeliveryStatus.Buffered, early.Status);
            }
        }

        var first = (await engine.Client.StartAsync("hooks", new JsonObject { ["customerId"] = "C1" })).Id;
        var second = (await engine.Client.StartAsync("hooks", new JsonObject { ["customerId"] = "C2" })).Id;
        await engine.DrainAsync();

        Assert.Equal(0L, await CountBufferedAsync(engine));
        foreach (var (id, customer) in new[] { (first, "C1"), (second, "C2") })
        {
            var journal = await WholeJournalAsync(engine, id);
            var taken = journal.Where(e => e is { Kind: JournalKinds.StepCompleted, StepId: "got" }).ToList();
            Assert.Equal(PerBorrower, taken.Count);
            var journey = await engine.Client.GetInstanceAsync(id);
            Assert.Equal((WorkflowStatus.Waiting, "wait"), (journey.Status, journey.CurrentStepId));
            Assert.Equal($"lender:{customer}:EVENT", Assert.Single(journey.Bookmarks).Key);
        }

        // In the order they came, each borrower's own: the probe logs every run of "got" with the event's label.
        var labels = engine.Probe.Log.Where(l => l.StartsWith("got:", StringComparison.Ordinal)).ToList();
        foreach (var customer in new[] { "C1", "C2" })
        {
            Assert.Equal(Enumerable.Range(1, PerBorrower).Select(n => $"got:{customer}-{n}"), labels.Where(l => l.StartsWith($"got:{customer}-", StringComparison.Ordinal)));
        }

        Assert.Equal(2 * PerBorrower, labels.Count);
    }

    /// <summary>Every entry of the journal, read page by page as the API serves it (a page is at most 1,000 entries).</summary>
    private static async Task<List<JournalEntry>> WholeJournalAsync(EngineHarness engine, string id)
    {
        var entries = new List<JournalEntry>();
        while (true)
        {
            var page = await engine.Client.ReadJournalAsync(id, entries.Count, 1000);
            entries.AddRange(page.Items);
            if (page.Items.Count == 0 || entries.Count >= page.Total)
            {
                return entries;
            }
        }
    }

    private static async Task<long> CountBufferedAsync(EngineHarness engine)
    {
        await using var connection = new SqliteConnection($"Data Source={engine.DatabasePath};Pooling=False;Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM webhook_inbox WHERE consumed_at IS NULL";
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
