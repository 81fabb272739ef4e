using System.Diagnostics;
using System.Globalization;

namespace LoanJourney.Bench;

/// <summary>
/// <c>lenderpipe</c>'s CPU-bound neighbour (issue 17, round 39): the <c>steps</c> bench's engine (<see cref="BenchEngine"/> over
/// a real SQLite file, the <c>steps</c> workflow of no-op steps) with its dispatcher's own hosted loop running, fed new instances
/// at a fixed rate of step transitions per second while <see cref="Start"/>ed. Synchronous NORMAL, not the server's FULL: with
/// FULL each instance's 20 steps wait on 20 fsyncs in a row and 16 runs at a time reached only 60-310 steps/s of 1,500 at load
/// 27 (the server overlaps its fsync waits across 64 journeys in flight); the neighbour is there for its CPU, not its fsyncs.
/// The same engine runs in the lender pipeline's process (<c>neighbour</c>) or in a process of its own
/// (<c>neighbour-process</c>, <see cref="ProcessAsync"/>).
/// </summary>
internal sealed class NeighbourLoad : IAsyncDisposable
{
    private readonly BenchEngine _engine;
    private readonly CancellationTokenSource _stop = new();
    private readonly double _stepsPerSecond;
    private CancellationTokenSource? _feeding;
    private Task _feeder = Task.CompletedTask;

    private NeighbourLoad(BenchEngine engine, double stepsPerSecond)
    {
        _engine = engine;
        _stepsPerSecond = stepsPerSecond;
    }

    /// <summary>Steps run by this process so far (every <c>Bench.Noop</c> step).</summary>
    public static long Steps => NoopActivity.Executions;

    public static async Task<NeighbourLoad> CreateAsync(string directory, double stepsPerSecond)
    {
        Directory.CreateDirectory(directory);
        var definitions = await StepsBench.WriteWorkflowAsync(directory);
        var engine = new BenchEngine(Path.Combine(directory, "engine.db"), definitions, "NORMAL");
        await engine.InitializeAsync();
        var load = new NeighbourLoad(engine, stepsPerSecond);
        await engine.Dispatcher.StartAsync(load._stop.Token);
        return load;
    }

    /// <summary>Starts feeding instances: every 10 ms, as many as keep the started steps at the rate since this call.</summary>
    public void Start()
    {
        _feeding = new CancellationTokenSource();
        var token = _feeding.Token;
        _feeder = Task.Run(async () =>
        {
            var clock = Stopwatch.StartNew();
            var started = 0L;
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
            try
            {
                while (await timer.WaitForNextTickAsync(token))
                {
                    // The starts due since the last tick, together (each is a commit of its own; one at a time they fell behind).
                    var due = (long)(clock.Elapsed.TotalSeconds * _stepsPerSecond / StepsBench.Steps);
                    await Task.WhenAll(Enumerable.Range(0, (int)Math.Max(0, due - started)).Select(_ => _engine.Client.StartAsync("steps", null, cancellationToken: token)));
                    started = Math.Max(started, due);
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
            }
        });
    }

    /// <summary>Stops feeding, then waits (at most 10 s) until the instances started so far have run their steps.</summary>
    public async Task StopAsync()
    {
        if (_feeding is null)
        {
            return;
        }

        await _feeding.CancelAsync();
        await _feeder;
        _feeding.Dispose();
        _feeding = null;
        var quiet = Stopwatch.StartNew();
        var last = Steps;
        while (quiet.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(200);
            var now = Steps;
            if (now == last && _engine.Dispatcher.RunningCount == 0)
            {
                return;
            }

            last = now;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _stop.CancelAsync();
        await _engine.Dispatcher.StopAsync(CancellationToken.None);
        await _engine.DisposeAsync();
        _stop.Dispose();
    }

    /// <summary>
    /// <c>lenderpipe-neighbour RATE</c>: the neighbour in a process of its own, driven over stdin by a <c>lenderpipe</c> child:
    /// <c>start</c> starts the load, <c>stop</c> stops it and answers <c>STOPPED steps cpu-µs</c> (this process's CPU and steps
    /// since the start); end of input ends it. <c>READY</c> once the engine is up.
    /// </summary>
    public static async Task ProcessAsync(double stepsPerSecond)
    {
        var directory = Directory.CreateTempSubdirectory("lj-neighbour-").FullName;
        try
        {
            await using var load = await CreateAsync(directory, stepsPerSecond);
            Console.WriteLine("READY");
            var cpu0 = TimeSpan.Zero;
            var steps0 = 0L;
            while (await Console.In.ReadLineAsync() is { } line)
            {
                if (line == "start")
                {
                    cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
                    steps0 = Steps;
                    load.Start();
                    Console.WriteLine("STARTED");
                }
                else if (line == "stop")
                {
                    await load.StopAsync();
                    var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu0;
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"STOPPED\t{Steps - steps0}\t{cpu.TotalMicroseconds:F0}"));
                }
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}

/// <summary>A <c>lenderpipe-neighbour</c> process, started and stopped by a <c>lenderpipe</c> child.</summary>
internal sealed class NeighbourProcess : IAsyncDisposable
{
    private readonly Process _process;

    private NeighbourProcess(Process process) => _process = process;

    public static async Task<NeighbourProcess> StartAsync(double stepsPerSecond)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = BenchProcess.RepositoryRoot, RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(typeof(NeighbourLoad).Assembly.Location);
        info.ArgumentList.Add("lenderpipe-neighbour");
        info.ArgumentList.Add(stepsPerSecond.ToString(CultureInfo.InvariantCulture));
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the neighbour process");
        var neighbour = new NeighbourProcess(process);
        await neighbour.ExpectAsync("READY");
        return neighbour;
    }

    public async Task StartLoadAsync()
    {
        await _process.StandardInput.WriteLineAsync("start");
        await _process.StandardInput.FlushAsync();
        await ExpectAsync("STARTED");
    }

    /// <summary>Stops the load; the neighbour's steps and CPU (µs) since <see cref="StartLoadAsync"/>.</summary>
    public async Task<(long Steps, double CpuMicroseconds)> StopLoadAsync()
    {
        await _process.StandardInput.WriteLineAsync("stop");
        await _process.StandardInput.FlushAsync();
        var parts = (await ExpectAsync("STOPPED")).Split('\t');
        return (long.Parse(parts[1], CultureInfo.InvariantCulture), double.Parse(parts[2], CultureInfo.InvariantCulture));
    }

    private async Task<string> ExpectAsync(string prefix)
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                return line;
            }
        }

        throw new InvalidOperationException($"the neighbour process ended before {prefix} (exit {(_process.HasExited ? _process.ExitCode : -1)})");
    }

    public async ValueTask DisposeAsync()
    {
        _process.StandardInput.Close();
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
