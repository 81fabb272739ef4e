using System.Diagnostics;
using System.Globalization;

namespace LoanJourney.Bench;

/// <summary>
/// What the purge after a retention round costs the dispatcher's commits (session 53). One engine on one SQLite file
/// (synchronous FULL) holding <c>history</c> finished journeys with a 2 KB input each; runs of 200 instances x 20 no-op
/// steps drained alternately A = alone, B = while retention's purge (<c>PurgeAfterRetentionAsync</c>: a TRUNCATE checkpoint
/// with the writer paused) runs back to back (the worst case: production runs one per retention round), C = while one
/// erasure's purge (<c>PurgeFreedSpaceAsync</c>: VACUUM, then the TRUNCATE checkpoint) runs, started with the drain (one
/// erasure). Each purge pauses the writer, so its duration is the commits' stall.
/// </summary>
internal static class RetentionPurgeBench
{
    private const int Pairs = 3;

    public static async Task RunAsync(string root, int history)
    {
        Console.WriteLine($"retention-purge: {history} finished journeys (2 KB input each); each run drains {RetentionBench.Instances} instances x {RetentionBench.Steps} no-op steps");
        Console.WriteLine($"A = dispatcher alone, B = while retention's purge (TRUNCATE checkpoint) runs back to back, C = while one erasure's purge (VACUUM + TRUNCATE checkpoint) runs; A B C x {Pairs}");
        Console.WriteLine($"nproc {Environment.ProcessorCount}, load average {Latencies.LoadAverage()}");

        await using var engine = await RetentionBench.SeededAsync(root, "retention-purge", history);

        Console.WriteLine("| pair | A transitions/s | B transitions/s | B / A | retention purges in B, mean ms | C transitions/s | C / A | erasure purges in C, mean ms | load average |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | --- | ---: | ---: | --- | --- |");
        var b = new List<double>();
        var c = new List<double>();
        for (var pair = 1; pair <= Pairs; pair++)
        {
            var alone = await RetentionBench.DrainRateAsync(engine);
            var (withCheckpoint, checkpoints) = await WhileAsync(engine, async () => await engine.Client.PurgeAfterRetentionAsync());
            var (withVacuum, vacuums) = await WhileAsync(engine, async () => (await engine.Store.PurgeFreedSpaceAsync(default)).Purged, once: true);
            b.Add(withCheckpoint / alone);
            c.Add(withVacuum / alone);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {pair} | {alone:F0} | {withCheckpoint:F0} | {withCheckpoint / alone:F2} | {checkpoints.Count}, {Mean(checkpoints):F1} | {withVacuum:F0} | {withVacuum / alone:F2} | {vacuums.Count}, {Mean(vacuums):F0} | {Latencies.LoadAverage()} |"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"B / A median {b.Order().ElementAt(b.Count / 2):F2} (min {b.Min():F2}, max {b.Max():F2}); C / A median {c.Order().ElementAt(c.Count / 2):F2} (min {c.Min():F2}, max {c.Max():F2})"));
    }

    private static double Mean(List<double> values) => values.Count == 0 ? 0 : values.Average();

    // The dispatcher's rate over one drain (its 200 journeys started first) while `purge` runs from the drain's start, back to
    // back until the drain ends or just once, and each purge's duration in ms.
    private static async Task<(double Rate, List<double> Durations)> WhileAsync(BenchEngine engine, Func<Task<bool>> purge, bool once = false)
    {
        await RetentionBench.StartRunAsync(engine);
        using var stop = new CancellationTokenSource();
        var durations = new List<double>();
        var failed = 0;
        var drain = Stopwatch.StartNew();
        var loop = Task.Run(async () =>
        {
            do
            {
                var clock = Stopwatch.StartNew();
                if (!await purge())
                {
                    failed++;
                }

                durations.Add(clock.Elapsed.TotalMilliseconds);
            }
            while (!once && !stop.IsCancellationRequested);
        });
        await engine.Dispatcher.DrainAsync();
        var rate = RetentionBench.Rate(drain.Elapsed);
        await stop.CancelAsync();
        await loop;
        if (failed > 0)
        {
            Console.WriteLine($"({failed} purges answered busy)");
        }

        return (rate, durations);
    }
}
