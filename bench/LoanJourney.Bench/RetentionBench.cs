using System.Diagnostics;
using System.Globalization;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Runtime;

namespace LoanJourney.Bench;

/// <summary>
/// The dispatcher's throughput while the retention job runs (issue 15: "never holds up the dispatcher"). One engine on one
/// SQLite file (synchronous FULL, as in production) holds <c>history</c> finished journeys, each with a 2 KB input; then
/// runs of 200 instances x 20 no-op steps are drained, alternately without (A) and with (B) retention rounds running back
/// to back on the same database the whole time (the worst case: the production job runs one round per interval). The
/// retention job's clock runs 400 days ahead, so every finished journey is past its retention.
/// </summary>
internal static class RetentionBench
{
    internal const int Instances = 200;
    internal const int Steps = 20;
    private const int Pairs = 3;

    public static async Task RunAsync(string root, int history, double? share)
    {
        Console.WriteLine($"retention: {history} finished journeys (2 KB input each) in the database; each run drains {Instances} instances x {Steps} no-op steps");
        Console.WriteLine($"A = dispatcher alone, B = dispatcher while retention rounds (batches of 50, production defaults) run back to back; interleaved A B x {Pairs}");
        Console.WriteLine($"nproc {Environment.ProcessorCount}, load average {Latencies.LoadAverage()}");

        await using var engine = await SeededAsync(root, "retention", history);

        var runner = new RetentionRunner(engine.Client, new AheadClock(TimeSpan.FromDays(400)));
        var policy = new RetentionPolicy { Completed = TimeSpan.FromDays(30) };
        policy = share is { } s ? policy with { MaxStoreShare = s } : policy;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"retention's MaxStoreShare {policy.MaxStoreShare} (1 = no pauses between batches, the behaviour before pacing)"));

        Console.WriteLine("| pair | A transitions/s | B transitions/s | B / A | journeys redacted during B | history left at B's end | load average |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | --- | --- |");
        var ratios = new List<double>();
        for (var pair = 1; pair <= Pairs; pair++)
        {
            var alone = await DrainRateAsync(engine);
            using var stop = new CancellationTokenSource();
            var before = await RedactedSoFarAsync(engine);
            var historyLeft = true;
            var retention = Task.Run(async () =>
            {
                try
                {
                    while (!stop.IsCancellationRequested)
                    {
                        if ((await runner.RunOnceAsync(policy, stop.Token)).Count == 0)
                        {
                            Volatile.Write(ref historyLeft, false);
                            return;
                        }
                    }
                }
                catch (OperationCanceledException)
                {
                    // B is over: the round stops in its pause.
                }
            });
            var during = await DrainRateAsync(engine);
            var redacted = await RedactedSoFarAsync(engine) - before;
            await stop.CancelAsync();
            await retention;
            ratios.Add(during / alone);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {pair} | {alone:F0} | {during:F0} | {during / alone:F2} | {redacted} | {(Volatile.Read(ref historyLeft) ? "yes" : "no: history ran out")} | {Latencies.LoadAverage()} |"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"B / A median {ratios.Order().ElementAt(ratios.Count / 2):F2} (min {ratios.Min():F2}, max {ratios.Max():F2})"));
    }

    // Journeys redacted so far, from the audit trail (one record per committed batch).
    private static async Task<int> RedactedSoFarAsync(BenchEngine engine)
    {
        var batches = await engine.Client.ListAuditAsync(new AuditQuery { Action = AuditActions.Retention, Take = 10_000 });
        return batches.Items.Sum(b => System.Text.Json.Nodes.JsonNode.Parse(b.DataJson!)!["count"]!.GetValue<int>());
    }

    /// <summary>
    /// An engine on <c>{name}.db</c> (synchronous FULL) with the two workflows the retention benches run (<c>steps</c>, drained;
    /// <c>history</c>, what retention removes), holding <paramref name="history"/> finished journeys with a 2 KB input each.
    /// </summary>
    internal static async Task<BenchEngine> SeededAsync(string root, string name, int history)
    {
        var definitions = Path.Combine(root, name + "-workflows");
        Directory.CreateDirectory(definitions);
        await File.WriteAllTextAsync(Path.Combine(definitions, "steps.json"), Chain("steps", Steps, "[]"));
        await File.WriteAllTextAsync(Path.Combine(definitions, "history.json"), Chain("history", 3, """[ { "name": "statement", "type": "string" } ]"""));
        var database = Path.Combine(root, name + ".db");
        var engine = new BenchEngine(database, definitions, "FULL");
        await engine.InitializeAsync();

        var seeding = Stopwatch.StartNew();
        var statement = new string('s', 2048);
        for (var i = 0; i < history; i++)
        {
            await engine.Client.StartAsync("history", new System.Text.Json.Nodes.JsonObject { ["statement"] = statement + i.ToString(CultureInfo.InvariantCulture) });
            if (i % 1000 == 999)
            {
                await engine.Dispatcher.DrainAsync();
            }
        }

        await engine.Dispatcher.DrainAsync();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"seeded {history} finished journeys in {seeding.Elapsed.TotalSeconds:F1} s; database file {new FileInfo(database).Length / 1048576.0:F1} MB"));
        return engine;
    }

    /// <summary>Starts a run's <see cref="Instances"/> journeys of <c>steps</c>, for the drain that follows.</summary>
    internal static async Task StartRunAsync(BenchEngine engine)
    {
        for (var i = 0; i < Instances; i++)
        {
            await engine.Client.StartAsync("steps", null);
        }
    }

    /// <summary>No-op step transitions per second over a drain that took <paramref name="elapsed"/>.</summary>
    internal static double Rate(TimeSpan elapsed) => Instances * Steps / elapsed.TotalSeconds;

    internal static async Task<double> DrainRateAsync(BenchEngine engine)
    {
        await StartRunAsync(engine);
        var clock = Stopwatch.StartNew();
        await engine.Dispatcher.DrainAsync();
        return Rate(clock.Elapsed);
    }

    internal static string Chain(string id, int steps, string input)
    {
        var chain = string.Join(",\n", Enumerable.Range(1, steps).Select(i =>
            $$"""{ "id": "s{{i}}", "activity": "Bench.Noop", "inputs": {}{{(i < steps ? $$""", "next": { "Done": "s{{i + 1}}" }""" : "")}} }"""));
        return $$"""{ "id": "{{id}}", "version": 1, "title": "bench", "input": {{input}}, "variables": {}, "start": "s1", "steps": [ {{chain}} ] }""";
    }

    /// <summary>The system clock, shifted: the retention job sees every finished journey as long past its retention.</summary>
    private sealed class AheadClock(TimeSpan by) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + by;
    }
}
