using System.Diagnostics;

namespace LoanJourney.Bench;

/// <summary>
/// What a measured run cost this whole process: bytes allocated on every thread (<c>GC.GetTotalAllocatedBytes(precise: true)</c>:
/// the store's writer thread included), CPU time (<c>Process.TotalProcessorTime</c>, refreshed before and after) and wall time.
/// The in-process benches' one measurement (starts, webhooks, stepcommits: rounds 48, 50, 52).
/// </summary>
internal readonly record struct ProcessCost(long Bytes, double CpuMicroseconds, TimeSpan Wall)
{
    /// <summary>Runs <paramref name="run"/> and answers its cost; <paramref name="around"/> starts before and stops after the allocation count.</summary>
    public static async Task<(ProcessCost Cost, T Result)> MeasureAsync<T>(Func<Task<T>> run, AllocationTypes? around = null)
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpu = process.TotalProcessorTime;
        around?.Start();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        var result = await run();
        var wall = clock.Elapsed;
        around?.Stop();
        var bytes = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        process.Refresh();
        return (new ProcessCost(bytes, (process.TotalProcessorTime - cpu).TotalMicroseconds, wall), result);
    }

    public static async Task<ProcessCost> MeasureAsync(Func<Task> run) =>
        (await MeasureAsync(async () => { await run(); return 0; })).Cost;
}
