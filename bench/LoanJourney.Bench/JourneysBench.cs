using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using LoanJourney.Lenders.FinBoxPrism;
using LoanJourney.Lenders.PartnerToken;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LoanJourney.Bench;

/// <summary>
/// finbox-personal-loan journeys per second: the server and the sandbox as two processes (Release builds, SQLite FULL in
/// a temp folder, zero lender latency), journeys started over HTTP and their completion read from the live-update feed
/// (SSE), <c>Window</c> journeys in flight; next to the bare-client baseline (BareJourney) against the same sandbox process
/// with the same number in flight, run before and after the engine run.
/// </summary>
internal static class JourneysBench
{
    private const int Window = 64;

    // The server is a long-running process: measured runs start after its JIT has settled (tiered compilation and PGO
    // recompile hot methods for many seconds after start; with a warm-up of one window, 64 journeys, the JIT took 12 % of the
    // measured server CPU, after 512 still 15 % in some runs). LJ_BENCH_WARMUP overrides the number of warm-up journeys.
    private static readonly int WarmUp = int.TryParse(Environment.GetEnvironmentVariable("LJ_BENCH_WARMUP"), CultureInfo.InvariantCulture, out var n) ? n : 1500;

    // LJ_BENCH_WARMUP_WINDOW=N: the engine warm-up runs in windows of N journeys and prints the server's CPU per journey in
    // each (journeys 1–N of the freshly started server, N+1–2N, …): where a JIT setting's warm-up cost ends
    // (docs/PERFORMANCE.md, round 38). Unset: one warm-up run, as before.
    private static readonly int WarmUpWindow = int.TryParse(Environment.GetEnvironmentVariable("LJ_BENCH_WARMUP_WINDOW"), CultureInfo.InvariantCulture, out var w) ? w : 0;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);

    /// <summary>The sandbox both the journeys and the lenderpipe benches drive: one processing poll, KYC done at once.</summary>
    internal static Task<BenchProcess> StartSandboxAsync(string directory) =>
        BenchProcess.StartAsync("LoanJourney.Sandbox", "sandbox/faults", Path.Combine(directory, "sandbox.log"), new Dictionary<string, string>
        {
            ["Sandbox__ProcessingPolls"] = "1",
            ["Sandbox__KycActionPendingPolls"] = "0",
            ["Logging__LogLevel__Default"] = "Warning",
        });

    public static async Task RunAsync(string root, int count, string? postgres)
    {
        var directory = Path.Combine(root, "journeys");
        Directory.CreateDirectory(directory);
        await using var sandbox = await JourneysBench.StartSandboxAsync(directory);
        var environment = ServerEnvironment.For(directory, "FULL", sandbox.BaseAddress);
        environment["Engine__PollInterval"] = PollInterval.ToString("c", CultureInfo.InvariantCulture);
        environment["Server__Events__PollInterval"] = "00:00:00.020";
        if (Environment.GetEnvironmentVariable("LJ_BENCH_PACK") == "1")
        {
            // Pack each journey's journal as soon as it finishes, as `storage` does (the default waits 10 minutes, longer
            // than a run): the measured CPU per journey then includes the packing (docs/PERFORMANCE.md, round 44).
            environment["Engine__JournalCompactionDelay"] = "00:00:00";
            environment["Engine__JournalCompactionInterval"] = "00:00:00.500";
            Console.WriteLine("LJ_BENCH_PACK=1: journals packed as journeys finish (JournalCompactionDelay 0, interval 0.5 s)");
        }

        var storeName = "SQLite FULL";
        if (postgres is not null)
        {
            // One node on PostgreSQL: a fresh schema on the given server (its own durability settings, printed).
            environment["Storage__Provider"] = "Postgres";
            environment["ConnectionStrings__LoanJourney"] = await ScaleBench.CreateSchemaAsync(postgres, $"bench_journeys_{Guid.NewGuid():N}");
            storeName = "PostgreSQL (" + await PgStepsBench.SettingsAsync(postgres) + ")";
        }

        await using var server = await BenchProcess.StartAsync("LoanJourney.Server", "health/ready", Path.Combine(directory, "server.log"), environment);

        var sample = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(BenchProcess.RepositoryRoot, "workflows", "samples", "finbox-personal-loan.json")))!.AsObject();
        await using var bare = BareClients(sandbox.BaseAddress);
        var bareJourney = new BareJourney(bare.GetRequiredService<IFinBoxPrismClient>(), bare.GetRequiredService<IPartnerTokenClient>(), PollInterval);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Window + 2 }) { BaseAddress = server.BaseAddress, Timeout = Limit };
        http.DefaultRequestHeaders.Add("X-Api-Key", ServerEnvironment.ApiKey);
        using var feed = new CompletionFeed(http);
        await feed.ConnectedAsync;

        var bareCalls = 0;
        Task<bool> BareAsync(string run, int i) => Run(async () => bareCalls = await bareJourney.RunAsync(Input(sample, run, i), default));
        Task<bool> EngineAsync(string run, int i) => StartAndAwaitAsync(http, feed, Input(sample, run, i));

        // Warm-up, and the exact call sequence of one engine journey from its journal.
        await LoadRunner.RunAsync(WarmUp, Window, Limit, i => BareAsync("warm-bare", i));
        var windows = await WarmUpEngineAsync(server, i => EngineAsync("warm", i));
        var journal = await JournalCallsAsync(http, feed.LastCompleted!);

        await using var probe = postgres is null ? null : await PgProbe.StartAsync(postgres);
        var s0 = sandbox.CpuTime();
        var bareBefore = await LoadRunner.RunAsync(count, Window, Limit, i => BareAsync("bare1", i));
        var (s1, v1, p1) = (sandbox.CpuTime(), server.CpuTime(), probe?.CpuTime());
        probe?.StartSampling();
        var engine = await LoadRunner.RunAsync(count, Window, Limit, i => EngineAsync("run", i));
        var (s2, v2, b2, p2) = (sandbox.CpuTime(), server.CpuTime(), Self(), probe?.CpuTime());
        var rssEngineEnd = server.RssMb();
        var waits = probe is null ? null : await probe.StopSamplingAsync();
        var bareAfter = await LoadRunner.RunAsync(count, Window, Limit, i => BareAsync("bare2", i));
        var (s3, b3) = (sandbox.CpuTime(), Self());
        var sandboxPerBare = ((s1 - s0) + (s3 - s2)).TotalMilliseconds / (2.0 * count);
        var sandboxPerEngine = (s2 - s1).TotalMilliseconds / count;
        var serverPerJourney = (v2 - v1).TotalMilliseconds / count;
        var clientPerBare = (b3 - b2).TotalMilliseconds / count;
        var bareRate = (bareBefore.PerSecond + bareAfter.PerSecond) / 2;

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"journeys: finbox-personal-loan, server (pid {server.Pid}, {storeName}, Engine:PollInterval {PollInterval.TotalMilliseconds} ms) and sandbox (pid {sandbox.Pid}, ProcessingPolls 1, no latency) as processes; {count} journeys per run after {WarmUp} warm-up journeys, {Window} in flight; nproc {Environment.ProcessorCount}, load average {Latencies.LoadAverage()}"));
        Console.WriteLine($"lender calls per journey: engine journal {journal.Count} ({string.Join(", ", journal)}), bare client {bareCalls}");
        Console.WriteLine("| run | journeys/s | p50 / p99 journey latency ms | failed |");
        Console.WriteLine("| --- | ---: | ---: | ---: |");
        Row("engine (server over HTTP, completion from SSE)", engine);
        Row("bare clients, before the engine run", bareBefore);
        Row("bare clients, after the engine run", bareAfter);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ratio engine ÷ bare (mean of both bare runs): {engine.PerSecond / bareRate:F2}; server RSS {server.RssMb():F0} MB after the bare run, {rssEngineEnd:F0} MB at the engine run's end, peak {server.PeakRssMb():F0} MB"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"CPU ms per journey: server {serverPerJourney:F1} + sandbox {sandboxPerEngine:F1} (engine run); bare client process {clientPerBare:F1} + sandbox {sandboxPerBare:F1} (bare runs)"));
        if (windows.Count > 0)
        {
            Console.WriteLine("| engine warm-up window (journeys of this server) | load average at its start | journeys/s | server CPU ms per journey | failed |");
            Console.WriteLine("| --- | --- | ---: | ---: | ---: |");
            windows.ForEach(Console.WriteLine);
        }

        if (probe is not null)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"PostgreSQL server CPU ms per journey (postmaster and its processes, engine run): {(p2!.Value - p1!.Value).TotalMilliseconds / count:F1}"));
            Console.WriteLine("PostgreSQL wait events during the engine run (state/wait_event_type:wait_event, CPU = none): " + waits);
        }
    }

    /// <summary>
    /// The engine's warm-up journeys: one run, or with <see cref="WarmUpWindow"/> one run per window, each printed as a row
    /// (its first row also gives the server's CPU from its start to the first engine journey: start-up and the idle bare warm-up).
    /// </summary>
    private static async Task<List<string>> WarmUpEngineAsync(BenchProcess server, Func<int, Task<bool>> journey)
    {
        var rows = new List<string>();
        if (WarmUpWindow <= 0)
        {
            await LoadRunner.RunAsync(WarmUp, Window, Limit, journey);
            return rows;
        }

        rows.Add(string.Create(CultureInfo.InvariantCulture,
            $"| before the first (start-up, then idle through the bare warm-up): {server.CpuTime().TotalMilliseconds:F0} ms | {Latencies.LoadAverage()} | | | |"));
        for (var first = 0; first < WarmUp; first += WarmUpWindow)
        {
            var size = Math.Min(WarmUpWindow, WarmUp - first);
            var (load, before) = (Latencies.LoadAverage(), server.CpuTime());
            var offset = first;
            var result = await LoadRunner.RunAsync(size, Window, Limit, i => journey(offset + i));
            var perJourney = (server.CpuTime() - before).TotalMilliseconds / size;
            rows.Add(string.Create(CultureInfo.InvariantCulture,
                $"| {first + 1}–{first + size} | {load} | {result.PerSecond:F1} | {perJourney:F1} | {result.Failed} |"));
        }

        return rows;
    }

    private static TimeSpan Self() => Process.GetCurrentProcess().TotalProcessorTime;

    private static void Row(string name, LoadRunner.Result result) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {result.PerSecond:F1} | {result.Latencies.P50P99()} | {result.Failed} |"));

    private static async Task<bool> Run(Func<Task> action)
    {
        try
        {
            await action();
            return true;
        }
        catch (InvalidOperationException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return false;
        }
    }

    private static JsonObject Input(JsonObject sample, string run, int index)
    {
        var input = sample.DeepClone().AsObject();
        input["customerId"] = string.Create(CultureInfo.InvariantCulture, $"BENCH-{run}-{index}");
        return input;
    }

    /// <summary>Every lender's base address at the sandbox, with the bench's keys: the bare client's and lenderpipe's settings.</summary>
    internal static Dictionary<string, string?> LenderSettings(Uri sandbox)
    {
        var url = sandbox.AbsoluteUri.TrimEnd('/');
        return new Dictionary<string, string?>
        {
            ["Lenders:FinBoxPrism:BaseUrl"] = url,
            ["Lenders:FinBoxPrism:ApiKey"] = "bench",
            ["Lenders:Partner:BaseUrl"] = url,
            ["Lenders:Partner:Authorization"] = "bench",
            ["Lenders:FinBoxSourcing:BaseUrl"] = url,
            ["Lenders:CapitalFloat:BaseUrl"] = url,
        };
    }

    internal static ServiceProvider BareClients(Uri sandbox)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(LenderSettings(sandbox)).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddLenders(configuration);
        return services.BuildServiceProvider();
    }

    private static async Task<bool> StartAndAwaitAsync(HttpClient http, CompletionFeed feed, JsonObject input)
    {
        using var response = await http.PostAsJsonAsync(new Uri("api/workflows/finbox-personal-loan/instances", UriKind.Relative), input);
        if (!response.IsSuccessStatusCode)
        {
            Console.Error.WriteLine($"start answered {(int)response.StatusCode}");
            return false;
        }

        var id = (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        var status = await feed.WaitAsync(id).WaitAsync(Limit);
        if (status != "Completed")
        {
            Console.Error.WriteLine($"journey {id} ended {status}");
        }

        return status == "Completed";
    }

    private static async Task<List<string>> JournalCallsAsync(HttpClient http, string instanceId)
    {
        var journal = await http.GetFromJsonAsync<JsonObject>(new Uri($"api/instances/{instanceId}/journal?take=1000", UriKind.Relative));
        return journal!["items"]!.AsArray()
            .Where(e => e!["kind"]?.GetValue<string>() == "LenderCall")
            .Select(e => e!["data"] is JsonObject data ? $"{data["method"]} {data["path"]}" : e!["data"]!.ToString())
            .ToList();
    }

    /// <summary>One SSE subscription to /api/events: resolves each instance's wait when it reaches a final state.</summary>
    private sealed class CompletionFeed : IDisposable
    {
        private readonly ConcurrentDictionary<string, TaskCompletionSource<string>> _waits = new();
        private readonly CancellationTokenSource _stop = new();
        private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CompletionFeed(HttpClient http) => _ = ReadAsync(http);

        public Task ConnectedAsync => _connected.Task;

        public string? LastCompleted { get; private set; }

        public Task<string> WaitAsync(string id) => Wait(id).Task;

        public void Dispose()
        {
            _stop.Cancel();
            _stop.Dispose();
        }

        private TaskCompletionSource<string> Wait(string id) =>
            _waits.GetOrAdd(id, _ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously));

        private async Task ReadAsync(HttpClient http)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("api/events", UriKind.Relative));
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, _stop.Token);
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(_stop.Token));
                _connected.TrySetResult();
                while (await reader.ReadLineAsync(_stop.Token) is { } line)
                {
                    if (!line.StartsWith("data: ", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    var summary = JsonNode.Parse(line.AsSpan(6).ToString())!;
                    var status = summary["status"]!.GetValue<string>();
                    if (status is "Completed" or "Faulted" or "Cancelled" || summary["hasIncident"]?.GetValue<bool>() == true)
                    {
                        var id = summary["id"]!.GetValue<string>();
                        if (status == "Completed")
                        {
                            LastCompleted = id;
                        }

                        Wait(id).TrySetResult(status);
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or JsonException)
            {
                _connected.TrySetException(ex);
                Console.Error.WriteLine($"event feed failed: {ex.Message}");
            }
        }
    }
}
