using System.Diagnostics;

namespace LoanJourney.Bench;

/// <summary>Runs <c>count</c> operations with at most <c>concurrency</c> in flight, bounded by a time limit.</summary>
internal static class LoadRunner
{
    public sealed record Result(int Completed, int Failed, TimeSpan Elapsed, Latencies Latencies)
    {
        public double PerSecond => Completed / Elapsed.TotalSeconds;
    }

    /// <summary><paramref name="operation"/> gets the operation index and returns whether it succeeded.</summary>
    public static async Task<Result> RunAsync(int count, int concurrency, TimeSpan limit, Func<int, Task<bool>> operation)
    {
        var latencies = new Latencies();
        var next = -1;
        var failed = 0;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < count && clock.Elapsed < limit)
            {
                var started = Stopwatch.GetTimestamp();
                bool ok;
                try
                {
                    ok = await operation(index);
                }
                catch (HttpRequestException)
                {
                    ok = false;
                }

                if (ok)
                {
                    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                else
                {
                    Interlocked.Increment(ref failed);
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);
        return new Result(latencies.Count, failed, clock.Elapsed, latencies);
    }
}
