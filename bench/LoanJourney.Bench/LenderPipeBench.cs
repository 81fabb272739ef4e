using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using LoanJourney.Activities.Journey;
using LoanJourney.Lenders.Common;
using LoanJourney.Lenders.FinBoxPrism;
using LoanJourney.Lenders.PartnerToken;
using LoanJourney.Server.Hosting;
using LoanJourney.Server.Logging;
using LoanJourney.Server.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;

namespace LoanJourney.Bench;

/// <summary>
/// Issue 17, round 35: what makes the same lender pipeline (<c>AddLenders</c>: Refit, SocketsHttpHandler, the resilience
/// pipeline, the masker) cost the server 2–3 × per call what it costs the bench's bare client. The bare journey's 20 lender
/// calls (<see cref="BareJourney"/>) over real HTTP against the sandbox process, 64 journeys in flight, measured as process
/// CPU and bytes allocated per call in child processes: the in-process configurations (the server's logging, its
/// OpenTelemetry meters, the journal's capture, a request's activity and log scope) interleaved within each child, the
/// runtime knobs (PGO, Server GC, the thread pool's spin) as the child's environment, the children interleaved by round.
/// </summary>
internal static class LenderPipeBench
{
    private const int Window = 64;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(300);

    // Journeys each configuration runs before it is measured, in every child. With dynamic PGO on, a child is not at steady
    // state after 1,200 journeys in all (round 35: the PGO-on children warming two configurations with 600 each measured their
    // bare client at 1.9-3.1 x the child that warmed six; with 200 each, the six-configuration child measured 2-3 x what it
    // did with 600 each); LJ_BENCH_WARMUP overrides.
    private static readonly int WarmUp = int.TryParse(Environment.GetEnvironmentVariable("LJ_BENCH_WARMUP"), CultureInfo.InvariantCulture, out var n) ? n : 800;

    /// <summary>The in-process configurations, each added to the bare client alone; <c>server</c> is all of them.</summary>
    private static readonly string[] AllConfigs = ["bare", "serilog", "serilog+scope", "otel", "capture", "server"];

    // The runtime knobs that differed between the bench's runtimeconfig and the server's when round 35 measured them
    // (LoanJourney.Server.runtimeconfig.json: System.GC.Server true (the Web SDK's default), System.Runtime.TieredPGO false,
    // ThreadPool.UnfairSemaphoreSpinLimit 0). Since round 37 the server has PGO on, so "server runtime (all three)" is the
    // server before round 37; the variants are kept so the two rounds can be compared.
    private static (string Name, Dictionary<string, string> Environment, string[] Configs)[] Variants => [.. RuntimeVariants, .. NeighbourVariants()];

    private static readonly (string Name, Dictionary<string, string> Environment, string[] Configs)[] RuntimeVariants =
    [
        ("bench runtime", new(), AllConfigs),
        ("DOTNET_TieredPGO=0", new() { ["DOTNET_TieredPGO"] = "0" }, ["bare", "server"]),
        ("DOTNET_gcServer=1", new() { ["DOTNET_gcServer"] = "1" }, ["bare", "server"]),
        ("spin limit 0", new() { ["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"] = "0" }, ["bare", "server"]),
        ("server runtime (all three)", new() { ["DOTNET_TieredPGO"] = "0", ["DOTNET_gcServer"] = "1", ["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"] = "0" }, ["bare", "server"]),
    ];

    // Round 39: the server's configuration beside a CPU-bound neighbour (NeighbourLoad: the steps bench's engine committing no-op
    // steps at a fixed rate), in the same process ("neighbour") or in one of its own ("neighbour-process"), with the neighbour
    // measured alone in the same child ("neighbour-alone", LJ_BENCH_NEIGHBOUR_SECONDS, default 5) to subtract its CPU and bytes
    // from "neighbour"'s. One child per rate of LJ_BENCH_NEIGHBOUR_RATES (step transitions per second, comma-separated; default
    // 1500, about what the server commits during `journeys`: ~21 step commits per journey at 60-90 journeys/s).
    private static readonly string[] NeighbourConfigs = ["bare", "server", "neighbour-alone", "neighbour", "neighbour-process"];

    private static IEnumerable<(string Name, Dictionary<string, string> Environment, string[] Configs)> NeighbourVariants() =>
        (Environment.GetEnvironmentVariable("LJ_BENCH_NEIGHBOUR_RATES") is { Length: > 0 } rates ? rates : "1500").Split(',')
            .Select(rate => ($"neighbour {rate} steps/s", new Dictionary<string, string> { ["LJ_BENCH_NEIGHBOUR_RATE"] = rate }, NeighbourConfigs));

    private static readonly double NeighbourRate = double.TryParse(Environment.GetEnvironmentVariable("LJ_BENCH_NEIGHBOUR_RATE"), CultureInfo.InvariantCulture, out var r) ? r : 1500;

    private static readonly TimeSpan NeighbourAlone = TimeSpan.FromSeconds(double.TryParse(Environment.GetEnvironmentVariable("LJ_BENCH_NEIGHBOUR_SECONDS"), CultureInfo.InvariantCulture, out var s) ? s : 5);

    public static async Task RunAsync(string root, int journeys, int rounds)
    {
        var directory = Path.Combine(root, "lenderpipe");
        Directory.CreateDirectory(directory);
        await using var sandbox = await JourneysBench.StartSandboxAsync(directory);
        var only = Environment.GetEnvironmentVariable("LJ_BENCH_VARIANTS") is { Length: > 0 } v ? v.Split(',') : null;
        var variants = Variants.Where((_, i) => only is null || only.Contains(i.ToString(CultureInfo.InvariantCulture))).ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"lenderpipe: {journeys} bare journeys per measurement (20 lender calls each, {Window} in flight, poll interval {PollInterval.TotalMilliseconds} ms) against the sandbox process (pid {sandbox.Pid}); each child warms every configuration with {WarmUp} journeys, then measures each twice, interleaved; {rounds} rounds of {variants.Length} children; nproc {Environment.ProcessorCount}, load at start {Latencies.LoadAverage()}"));

        // variant → config → (round, cpu µs per call, bytes per call, ratio to the same child's bare, load)
        var results = new List<(int Round, string Variant, string Config, double Cpu, double Bytes, double Ratio, string Load)>();
        var neighbourRows = new List<string>();
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var (name, environment, configs) in variants)
            {
                var lines = await RunChildAsync(sandbox.BaseAddress, journeys, configs, environment, directory);
                var bare = lines.Where(l => l.Config == "bare").Average(l => l.Cpu);
                foreach (var line in lines.Where(l => l.Config.StartsWith("neighbour", StringComparison.Ordinal)))
                {
                    // Each measurement of the neighbour's configurations, with its own load and the neighbour's rate achieved.
                    var row = line.Config == "neighbour-alone"
                        ? string.Create(CultureInfo.InvariantCulture, $"round {round} | {name} | neighbour-alone | {line.NeighbourCpu:F1} µs per step, {line.Bytes:F0} B per step, process CPU alone | {line.Rate:F0} steps/s | load {line.Load}")
                        : string.Create(CultureInfo.InvariantCulture,
                            $"round {round} | {name} | {line.Config} | pipeline {line.Cpu:F1} µs per call (process {line.RawCpu:F1}) | × {line.Cpu / bare:F2} of this child's bare | {line.Bytes:F0} B per call | neighbour {line.Rate:F0} steps/s, {line.Rate * line.Elapsed / Math.Max(1, line.Calls):F2} steps per call{(line.Config == "neighbour-process" ? string.Create(CultureInfo.InvariantCulture, $", its own CPU {line.NeighbourCpu:F1} µs per step") : "")} | load {line.Load} | failed {line.Failed}");
                    neighbourRows.Add(row);
                    Console.WriteLine(row);
                }

                foreach (var group in lines.Where(l => l.Config != "neighbour-alone").GroupBy(l => l.Config))
                {
                    var cpu = group.Average(l => l.Cpu);
                    results.Add((round, name, group.Key, cpu, group.Average(l => l.Bytes), cpu / bare, group.First().Load));
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"round {round} | {name} | {group.Key} | {cpu:F1} µs per call | × {cpu / bare:F2} of this child's bare | {group.Average(l => l.Bytes):F0} B per call | load {group.First().Load} | journal entries per call {group.Average(l => l.Entries):F2} | failed {group.Sum(l => l.Failed)}"));
                }
            }
        }

        if (neighbourRows.Count > 0)
        {
            Console.WriteLine();
            Console.WriteLine("Every measurement of the neighbour's configurations (\"neighbour\": the process's CPU less the neighbour's steps at their cost alone):");
            neighbourRows.ForEach(Console.WriteLine);
        }

        var reference = results.Where(r => r.Variant == variants[0].Name && r.Config == "bare").ToDictionary(r => r.Round, r => r.Cpu);
        Console.WriteLine();
        Console.WriteLine("| runtime (child's environment) | configuration | " + string.Join(" | ", Enumerable.Range(1, rounds).Select(r => $"round {r}: µs per call (× child's bare; × bench runtime's bare)")) + " | bytes per call | load (1-min, each round) |");
        Console.WriteLine("| --- | --- | " + string.Join(" | ", Enumerable.Range(1, rounds).Select(_ => "---:")) + " | ---: | --- |");
        foreach (var row in results.GroupBy(r => (r.Variant, r.Config)))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {row.Key.Variant} | {row.Key.Config} | {string.Join(" | ", row.OrderBy(r => r.Round).Select(r => $"{r.Cpu:F1} (× {r.Ratio:F2}; × {r.Cpu / reference[r.Round]:F2})"))} | {row.Average(r => r.Bytes):F0} | {string.Join(", ", row.OrderBy(r => r.Round).Select(r => r.Load))} |"));
        }
    }

    private static async Task<List<Measurement>> RunChildAsync(
        Uri sandbox, int journeys, string[] configs, Dictionary<string, string> environment, string directory)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = BenchProcess.RepositoryRoot, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(typeof(LenderPipeBench).Assembly.Location);
        info.ArgumentList.Add("lenderpipe-child");
        info.ArgumentList.Add(sandbox.AbsoluteUri);
        info.ArgumentList.Add(journeys.ToString(CultureInfo.InvariantCulture));
        info.ArgumentList.Add(string.Join(',', configs));
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the child");
        var results = new List<Measurement>();
        var errors = new List<string>();
        // The child's stdout (its console log lines, as the server's go to the bench's pipe) is read and dropped here.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            var parts = e.Data.Split('\t');
            lock (results)
            {
                if (parts is ["RESULT", _, _, _, _, _, _, _, _, _, _, _])
                {
                    results.Add(Measurement.Parse(parts));
                }
                else
                {
                    errors.Add(e.Data);
                }
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0 || results.Count == 0)
        {
            throw new InvalidOperationException($"child exited {process.ExitCode}: {string.Join(Environment.NewLine, errors.Take(40))}");
        }

        await File.AppendAllLinesAsync(Path.Combine(directory, "child-stderr.log"), errors);
        return results;
    }

    /// <summary>One measurement of a child: µs and bytes per lender call (for <c>neighbour</c> net of the neighbour's; for
    /// <c>neighbour-alone</c> per step), the neighbour's steps per second and its own µs per step where there is one.</summary>
    private sealed record Measurement(string Config, double Cpu, double Bytes, double Entries, int Failed, string Load, double Rate, double RawCpu, double NeighbourCpu, double Elapsed, int Calls)
    {
        public static Measurement Parse(string[] p) => new(p[1], D(p[2]), D(p[3]), D(p[4]), int.Parse(p[5], CultureInfo.InvariantCulture), p[6], D(p[7]), D(p[8]), D(p[9]), D(p[10]), int.Parse(p[11], CultureInfo.InvariantCulture));

        private static double D(string text) => double.Parse(text, CultureInfo.InvariantCulture);

        public string Line() => string.Create(CultureInfo.InvariantCulture,
            $"RESULT\t{Config}\t{Cpu:F2}\t{Bytes:F0}\t{Entries:F2}\t{Failed}\t{Load}\t{Rate:F1}\t{RawCpu:F2}\t{NeighbourCpu:F2}\t{Elapsed:F3}\t{Calls}");
    }

    /// <summary>One child: builds each configuration, warms each, then measures each twice, interleaved; one RESULT line per measurement on stderr.</summary>
    public static async Task ChildAsync(Uri sandbox, int journeys, string[] configs)
    {
        var sample = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(BenchProcess.RepositoryRoot, "workflows", "samples", "finbox-personal-loan.json")))!.AsObject();
        var built = new List<(string Config, Pipe? Pipe)>();
        foreach (var config in configs)
        {
            // The neighbour's configurations are the server's, with the neighbour beside them; neighbour-alone runs no pipeline.
            built.Add((config, config == "neighbour-alone" ? null : Pipe.Build(config.StartsWith("neighbour", StringComparison.Ordinal) ? "server" : config, sandbox)));
        }

        var directory = Directory.CreateTempSubdirectory("lj-lenderpipe-").FullName;
        var inProcess = configs.Any(c => c is "neighbour" or "neighbour-alone") ? await NeighbourLoad.CreateAsync(directory, NeighbourRate) : null;
        var separate = configs.Contains("neighbour-process") ? await NeighbourProcess.StartAsync(NeighbourRate) : null;
        try
        {
            foreach (var (config, pipe) in built)
            {
                if (pipe is not null)
                {
                    await WithNeighbourAsync(config, inProcess, separate, () => pipe.RunAsync(sample, $"warm-{config}-{Environment.ProcessId}", WarmUp));
                }
            }

            // The neighbour alone, measured in each repetition before the "neighbour" configuration it is subtracted from.
            (double Cpu, double Bytes)? alone = null;
            for (var rep = 0; rep < 2; rep++)
            {
                foreach (var (config, pipe) in built)
                {
                    var load = Latencies.LoadAverage().Split(' ')[0];
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                    var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
                    var bytes0 = GC.GetTotalAllocatedBytes(precise: true);
                    var steps0 = NeighbourLoad.Steps;
                    var clock = Stopwatch.StartNew();
                    (int Calls, int Entries, int Failed) run = default;
                    (long Steps, double Cpu) other = default;
                    if (pipe is null)
                    {
                        inProcess!.Start();
                        await Task.Delay(NeighbourAlone);
                        await inProcess.StopAsync();
                    }
                    else
                    {
                        other = await WithNeighbourAsync(config, inProcess, separate, async () => run = await pipe.RunAsync(sample, $"m{rep}-{config}-{Environment.ProcessId}", journeys));
                    }

                    var elapsed = clock.Elapsed.TotalSeconds;
                    var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMicroseconds;
                    var bytes = (double)(GC.GetTotalAllocatedBytes(precise: true) - bytes0);
                    var steps = config == "neighbour-process" ? other.Steps : NeighbourLoad.Steps - steps0;
                    Measurement result;
                    if (pipe is null)
                    {
                        alone = (cpu / steps, bytes / steps);
                        result = new Measurement(config, 0, bytes / steps, 0, 0, load, steps / elapsed, cpu / steps, cpu / steps, elapsed, 0);
                    }
                    else if (config == "neighbour")
                    {
                        // The process's CPU and bytes less the neighbour's steps at what each cost it alone (measured just before).
                        var (stepCpu, stepBytes) = alone ?? (double.NaN, double.NaN);
                        result = new Measurement(config, (cpu - steps * stepCpu) / run.Calls, (bytes - steps * stepBytes) / run.Calls, (double)run.Entries / run.Calls, run.Failed, load,
                            steps / elapsed, cpu / run.Calls, stepCpu, elapsed, run.Calls);
                    }
                    else
                    {
                        result = new Measurement(config, cpu / run.Calls, bytes / run.Calls, (double)run.Entries / run.Calls, run.Failed, load,
                            steps / elapsed, cpu / run.Calls, config == "neighbour-process" ? other.Cpu / Math.Max(1, other.Steps) : 0, elapsed, run.Calls);
                    }

                    await Console.Error.WriteLineAsync(result.Line());
                }
            }
        }
        finally
        {
            foreach (var (_, pipe) in built)
            {
                if (pipe is not null)
                {
                    await pipe.DisposeAsync();
                }
            }

            if (inProcess is not null)
            {
                await inProcess.DisposeAsync();
            }

            if (separate is not null)
            {
                await separate.DisposeAsync();
            }

            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    // Runs a configuration's journeys with its neighbour fed throughout (none for the others); the separate process's steps and CPU.
    private static async Task<(long Steps, double Cpu)> WithNeighbourAsync(string config, NeighbourLoad? inProcess, NeighbourProcess? separate, Func<Task> run)
    {
        switch (config)
        {
            case "neighbour":
                inProcess!.Start();
                try
                {
                    await run();
                }
                finally
                {
                    await inProcess.StopAsync();
                }

                return default;
            case "neighbour-process":
                await separate!.StartLoadAsync();
                (long Steps, double Cpu) stopped;
                try
                {
                    await run();
                }
                finally
                {
                    stopped = await separate.StopLoadAsync();
                }

                return stopped;
            default:
                await run();
                return default;
        }
    }

    /// <summary>The bare client's <c>AddLenders</c> plus what a configuration adds to it, and a journey runner over it.</summary>
    private sealed class Pipe : IAsyncDisposable
    {
        private readonly IServiceProvider _services;
        private readonly IAsyncDisposable _owner;
        private readonly BareJourney _journey;
        private readonly ILogger? _requestLogger;
        private readonly bool _capture;
        private int _entries;

        private Pipe(IServiceProvider services, IAsyncDisposable owner, bool scope, bool capture)
        {
            _services = services;
            _owner = owner;
            _capture = capture;
            _journey = new BareJourney(services.GetRequiredService<IFinBoxPrismClient>(), services.GetRequiredService<IPartnerTokenClient>(), PollInterval);
            _requestLogger = scope ? services.GetRequiredService<ILoggerFactory>().CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics") : null;
        }

        public static Pipe Build(string config, Uri sandbox)
        {
            if (config == "bare")
            {
                // As JourneysBench.BareClients: AddLogging() without a provider, AddLenders.
                var bare = JourneysBench.BareClients(sandbox);
                return new Pipe(bare, bare, scope: false, capture: false);
            }

            var serilog = config is "serilog" or "serilog+scope" or "server";
            var scope = config is "serilog+scope" or "server";
            var otel = config is "otel" or "server";
            var capture = config is "capture" or "server";

            // The server's own configuration path (the repository's appsettings.json, then what the journeys bench gives the
            // server): Serilog as LoggingSetup configures it (console on, the file off as under the bench), OpenTelemetry's
            // meters as TelemetrySetup configures them.
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ContentRootPath = BenchProcess.RepositoryRoot });
            var paths = builder.AddRepositoryConfiguration([]);
            var settings = JourneysBench.LenderSettings(sandbox);
            settings["Serilog:File:Path"] = "";
            builder.Configuration.AddInMemoryCollection(settings);
            if (serilog)
            {
                builder.AddServerLogging(paths);
            }
            else
            {
                builder.Logging.ClearProviders();
            }

            if (otel)
            {
                builder.AddServerTelemetry();
            }

            if (capture)
            {
                // Outermost handler of every client: a capture scope around the whole pipeline (as LenderCalls.CallAsync opens
                // one around the call), each record made into its journal entry and cloned (AddJournalEntry) and written out
                // (the commit).
                builder.Services.ConfigureHttpClientDefaults(client => client.AddHttpMessageHandler(() => new CaptureHandler()));
            }

            builder.Services.AddLenders(builder.Configuration);
            var app = builder.Build();
            if (otel)
            {
                // What the host's start would do: the meter provider built, so its listeners and the Prometheus reader run.
                _ = app.Services.GetRequiredService<MeterProvider>();
            }

            return new Pipe(app.Services, app, scope, capture);
        }

        public async Task<(int Calls, int Entries, int Failed)> RunAsync(JsonObject sample, string run, int count)
        {
            var calls = 0;
            _entries = 0;
            var result = await LoadRunner.RunAsync(count, Window, Limit, async i =>
            {
                var input = sample.DeepClone().AsObject();
                input["customerId"] = string.Create(CultureInfo.InvariantCulture, $"BENCH-{run}-{i}");
                try
                {
                    Interlocked.Add(ref calls, await RunOneAsync(input));
                    return true;
                }
                catch (InvalidOperationException e)
                {
                    await Console.Error.WriteLineAsync(e.Message);
                    return false;
                }
            });
            if (_capture)
            {
                _entries = CaptureHandler.Entries;
                CaptureHandler.Entries = 0;
            }

            return (calls, _entries, result.Failed);
        }

        private async Task<int> RunOneAsync(JsonObject input)
        {
            if (_requestLogger is null)
            {
                return await _journey.RunAsync(input, default);
            }

            // As ASP.NET Core's hosting runs a request with a logger enabled and no trace listener: an Activity of its own
            // (Activity.Current for everything the request starts) and its log scope (RequestId, RequestPath, ConnectionId),
            // which every event logged on that flow carries.
            using var activity = new Activity("Microsoft.AspNetCore.Hosting.HttpRequestIn").Start();
            using var scope = _requestLogger.BeginScope(new Dictionary<string, object>
            {
                ["RequestId"] = "0HNBENCH:00000001",
                ["RequestPath"] = "/api/workflows/finbox-personal-loan/instances",
                ["ConnectionId"] = "0HNBENCH",
            });
            return await _journey.RunAsync(input, default);
        }

        public async ValueTask DisposeAsync()
        {
            await _owner.DisposeAsync();
            GC.KeepAlive(_services);
        }
    }

    private sealed class CaptureHandler : DelegatingHandler
    {
        public static int Entries;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            using var capture = LenderCallCapture.Begin();
            var response = await base.SendAsync(request, cancellationToken);
            foreach (var record in capture.Calls)
            {
                _ = LenderCalls.ToJson(record).DeepClone().ToJsonString();
                Interlocked.Increment(ref Entries);
            }

            return response;
        }
    }
}
