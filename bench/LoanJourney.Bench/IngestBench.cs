using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using LoanJourney.Engine.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace LoanJourney.Bench;

/// <summary>
/// FinBox v1 webhooks POSTed to the server process (its own SQLite file) at concurrency 32, one in five an exact
/// duplicate of an earlier one; a 202 means the inbox commit is done. Measured next to, in the same run: a no-op
/// GET on the same server (HTTP overhead) and the raw rate of the same inbox INSERT, one transaction each, on the same
/// SQLite settings (what one-commit-per-webhook would allow).
/// </summary>
internal static class IngestBench
{
    private const int Concurrency = 32;
    private const int DuplicateEvery = 5;
    private const int WarmUp = 1000;
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    public static async Task RunAsync(string root, int count, string synchronous)
    {
        var directory = Path.Combine(root, "ingest");
        Directory.CreateDirectory(directory);
        await using var server = await BenchProcess.StartAsync("LoanJourney.Server", "health/ready", Path.Combine(directory, "server.log"),
            ServerEnvironment.For(directory, synchronous));
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Concurrency, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = server.BaseAddress,
        };

        // Warm-up: JIT (tiered compilation goes on for thousands of requests on a loaded 2-core machine: with 500 of each the
        // GET baseline, measured first, still carried the re-compiles), connections, SQLite pages.
        for (var round = 0; round < 4; round++)
        {
            await LoadRunner.RunAsync(WarmUp, Concurrency, Limit, i => PostAsync(http, Body("warm" + round.ToString(CultureInfo.InvariantCulture), i)));
            await LoadRunner.RunAsync(WarmUp, Concurrency, Limit, i => GetAsync(http));
        }

        var cpu0 = server.CpuTime();
        var noop = await LoadRunner.RunAsync(count, Concurrency, Limit, _ => GetAsync(http));
        var cpu1 = server.CpuTime();
        var ingest = await LoadRunner.RunAsync(count, Concurrency, Limit,
            i => PostAsync(http, i % DuplicateEvery == DuplicateEvery - 1 ? Body("run", i - 1) : Body("run", i)));
        var cpu2 = server.CpuTime();
        var raw = RawInboxRate(Path.Combine(directory, "raw.db"), synchronous, Math.Min(count, 2000));
        var rss = server.RssMb();

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ingest: server process (pid {server.Pid}), synchronous={synchronous}, concurrency {Concurrency}, {count} webhooks (1 in {DuplicateEvery} a duplicate of the previous one), nproc {Environment.ProcessorCount}, load average {Latencies.LoadAverage()}"));
        Console.WriteLine("| measure | per second | p50 / p99 ms | failed | server CPU per request | per second at 2 cores of that CPU |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        Row("webhooks accepted (202 after the inbox commit)", ingest, cpu2 - cpu1);
        Row("baseline: GET /health/live on the same server", noop, cpu1 - cpu0);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| baseline: raw inbox INSERT, one transaction each, one connection | {raw:F0} | | | | |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ratios: webhooks ÷ no-op GET {ingest.PerSecond / noop.PerSecond:F2}, webhooks ÷ raw inbox transactions {ingest.PerSecond / raw:F2}; server RSS {rss:F0} MB"));
    }

    private static void Row(string name, LoadRunner.Result result, TimeSpan cpu)
    {
        var perRequest = cpu.TotalMicroseconds / Math.Max(1, result.Completed + result.Failed);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {result.PerSecond:F0} | {result.Latencies.P50P99()} | {result.Failed} | {perRequest:F0} µs | {2_000_000 / perRequest:F0} |"));
    }

    private static string Body(string run, int index) =>
        string.Create(CultureInfo.InvariantCulture,
            $$"""{"customerID":"BENCH-{{run}}-{{index}}","eventType":"LOAN_DISBURSED","entityType":"loan","loanApplicationID":"LA-{{index}}","loggedAt":"2026-01-10T10:00:00Z","journeyType":"PERSONAL_LOAN","source":"bench","eventDescription":"bench event"}""");

    private static async Task<bool> PostAsync(HttpClient http, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri("webhooks/finbox", UriKind.Relative), content);
        return response.StatusCode == HttpStatusCode.Accepted;
    }

    private static async Task<bool> GetAsync(HttpClient http)
    {
        using var response = await http.GetAsync(new Uri("health/live", UriKind.Relative));
        return response.IsSuccessStatusCode;
    }

    private static double RawInboxRate(string path, string synchronous, int count)
    {
        using (var store = new SqliteWorkflowStore(new SqliteStoreOptions { DatabasePath = path, Synchronous = synchronous }, TimeProvider.System))
        {
            store.InitializeAsync(default).GetAwaiter().GetResult();
        }

        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = $"PRAGMA journal_mode = WAL; PRAGMA synchronous = {synchronous}; PRAGMA busy_timeout = 10000;";
            pragma.ExecuteNonQuery();
        }

        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO webhook_inbox (event_id, key, payload_json, received_at) VALUES ($id, $key, $payload, 0) ON CONFLICT (event_id) DO NOTHING";
        var id = insert.Parameters.Add("$id", SqliteType.Text);
        var key = insert.Parameters.Add("$key", SqliteType.Text);
        insert.Parameters.AddWithValue("$payload", Body("raw", 0));
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            insert.Transaction = transaction;
            id.Value = "raw-" + i.ToString(CultureInfo.InvariantCulture);
            key.Value = "finbox:BENCH-raw-" + i.ToString(CultureInfo.InvariantCulture) + ":LOAN_DISBURSED";
            insert.ExecuteNonQuery();
            transaction.Commit();
        }

        return count / clock.Elapsed.TotalSeconds;
    }
}
