using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace LoanJourney.Bench;

/// <summary>
/// Many instances suspended on webhook bookmarks (every tenth also on a 2-day timeout timer), then resumes by webhook key.
/// Seeding: two template instances are run to their wait by the engine; their rows (instance, bookmarks, journal) are
/// then cloned in SQL in one transaction with new ids and keys, so every seeded row is what the engine itself writes.
/// </summary>
internal static class WaitingBench
{
    private const int Resumes = 2000;

    public static async Task RunAsync(string root, int count)
    {
        var definitions = Path.Combine(root, "workflows");
        Directory.CreateDirectory(definitions);
        await File.WriteAllTextAsync(Path.Combine(definitions, "wait.json"), Definition("wait", ""));
        await File.WriteAllTextAsync(Path.Combine(definitions, "waitt.json"), Definition("waitt", """, "timeout": "P2D" """));
        var db = Path.Combine(root, "waiting.db");

        var seed = Stopwatch.StartNew();
        await using (var engine = new BenchEngine(db, definitions, "FULL"))
        {
            await engine.InitializeAsync();
            var a = await engine.Client.StartAsync("wait", new JsonObject { ["n"] = "TEMPLATEA" });
            var b = await engine.Client.StartAsync("waitt", new JsonObject { ["n"] = "TEMPLATEB" });
            await engine.Dispatcher.DrainAsync();
            Clone(db, a.Id, b.Id, count);
        }

        SqliteConnection.ClearAllPools();
        var seedSeconds = seed.Elapsed.TotalSeconds;
        var rssBefore = Rss.Megabytes();

        var startup = Stopwatch.StartNew();
        await using var running = new BenchEngine(db, definitions, "FULL");
        await running.InitializeAsync();
        await running.Dispatcher.StartAsync(CancellationToken.None);
        var startupMs = startup.Elapsed.TotalMilliseconds;
        var rssStarted = Rss.Megabytes();

        var gen2 = GC.CollectionCount(2);
        var gen0 = GC.CollectionCount(0);
        var random = new Random(42);
        var picked = new HashSet<int>();
        var routing = new List<double>(Resumes);
        var resumed = new List<double>(Resumes);
        while (routing.Count < Resumes)
        {
            var n = random.Next(1, count + 1);
            if (n % 10 == 0 || !picked.Add(n))
            {
                continue;
            }

            var id = "c" + n.ToString(CultureInfo.InvariantCulture);
            var clock = Stopwatch.StartNew();
            var result = await running.Client.DeliverWebhookAsync("bench:k" + n.ToString(CultureInfo.InvariantCulture), new JsonObject { ["ok"] = true }, "e" + n.ToString(CultureInfo.InvariantCulture));
            routing.Add(clock.Elapsed.TotalMilliseconds);
            if (result.Status != WebhookDeliveryStatus.Routed || result.InstanceId != id)
            {
                throw new InvalidOperationException($"webhook for {id} was {result.Status}");
            }

            while ((await running.Client.GetInstanceAsync(id)).Status != WorkflowStatus.Completed)
            {
                await Task.Yield();
            }

            resumed.Add(clock.Elapsed.TotalMilliseconds);
        }

        var rssAfter = Rss.Megabytes();
        var (gen0s, gen2s) = (GC.CollectionCount(0) - gen0, GC.CollectionCount(2) - gen2);
        await running.Dispatcher.StopAsync(CancellationToken.None);
        var raw = RawRouting(db, picked, count, random, "FULL");
        var rawNormal = RawRouting(db, picked, count, random, "NORMAL");

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"waiting: {count} instances on webhook bookmarks ({count / 10} also on a timer), seeded in {seedSeconds:F1} s (engine-run templates cloned in SQL); {Resumes} sequential resumes, synchronous=FULL; nproc {Environment.ProcessorCount}, load average {Latencies.LoadAverage()}"));
        Console.WriteLine("| measure | value | target |");
        Console.WriteLine("| --- | ---: | ---: |");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| routing commit (DeliverWebhookAsync returns) p50 / p99 | {Percentile(routing, 50):F2} / {Percentile(routing, 99):F2} ms | p99 < 5 ms |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| baseline: the same routing statements, raw (one connection, prepared, BEGIN IMMEDIATE … COMMIT at FULL, same file) p50 / p99 | {Percentile(raw, 50):F2} / {Percentile(raw, 99):F2} ms | |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| baseline: the same, raw at NORMAL (no fsync at commit) p50 / p99 | {Percentile(rawNormal, 50):F2} / {Percentile(rawNormal, 99):F2} ms | |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| routing p99 ÷ raw p99 (FULL) | {Percentile(routing, 99) / Percentile(raw, 99):F2} | |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| GCs during the resumes (gen0 / gen2) | {gen0s} / {gen2s} | |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| resumed to Completed (deliver -> claim -> 2 step commits, polled) p50 / p99 | {Percentile(resumed, 50):F2} / {Percentile(resumed, 99):F2} ms | |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| engine start-up on the seeded file (build, migrate check, load definitions, start dispatcher) | {startupMs:F0} ms | < 5 s |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| RSS after seeding / after engine start / after resumes | {rssBefore:F0} / {rssStarted:F0} / {rssAfter:F0} MB | {(count > 100_000 ? "< 400 MB" : "< 250 MB")} |"));
    }

    private static string Definition(string id, string timeout) => $$$"""
        { "id": "{{{id}}}", "version": 1, "title": "bench", "input": [ { "name": "n", "type": "String", "required": true } ], "variables": {}, "start": "w",
          "steps": [
            { "id": "w", "activity": "Core.WaitForWebhook", "inputs": { "key": "bench:{{$input.n}}"{{{timeout}}} }, "next": { "Received": "after" } },
            { "id": "after", "activity": "Bench.Noop", "inputs": {} }
          ] }
        """;

    private static void Clone(string db, string templateA, string templateB, int count)
    {
        using var connection = new SqliteConnection($"Data Source={db};Pooling=False");
        connection.Open();
        var columns = new List<string>();
        using (var info = connection.CreateCommand())
        {
            info.CommandText = "SELECT name FROM pragma_table_info('instances')";
            using var reader = info.ExecuteReader();
            while (reader.Read())
            {
                columns.Add(reader.GetString(0));
            }
        }

        string Select(string column) => column switch
        {
            "id" => "'c' || n",
            "idempotency_key" => "NULL",
            "input_json" => "replace(t.input_json, CASE WHEN n % 10 = 0 THEN 'TEMPLATEB' ELSE 'TEMPLATEA' END, 'k' || n)",
            _ => "t." + column,
        };

        const string Seq = "WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < @count) ";
        const string Template = "CASE WHEN n % 10 = 0 THEN @b ELSE @a END";
        using var transaction = connection.BeginTransaction();
        foreach (var sql in new[]
        {
            $"INSERT INTO instances ({string.Join(", ", columns)}) {Seq}SELECT {string.Join(", ", columns.Select(Select))} FROM seq JOIN instances t ON t.id = {Template}",
            $"INSERT INTO bookmarks (id, instance_id, step_id, kind, name, key, due_at, sensitive, created_at) {Seq}SELECT t.id || '-' || n, 'c' || n, t.step_id, t.kind, t.name, " +
                $"CASE WHEN t.key IS NULL THEN NULL ELSE 'bench:k' || n END, t.due_at, t.sensitive, t.created_at + n FROM seq JOIN bookmarks t ON t.instance_id = {Template}",
            $"INSERT INTO journal (instance_id, at, kind, step_id, attempt, data_json) {Seq}SELECT 'c' || n, t.at, t.kind, t.step_id, t.attempt, t.data_json FROM seq JOIN journal t ON t.instance_id = {Template}",
        })
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            command.Parameters.AddWithValue("@count", count);
            command.Parameters.AddWithValue("@a", templateA);
            command.Parameters.AddWithValue("@b", templateB);
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    // What one routing commit costs without the engine: the statements DeliverWebhookAsync runs, prepared, on one connection.
    private static List<double> RawRouting(string db, HashSet<int> used, int count, Random random, string synchronous)
    {
        using var connection = new SqliteConnection($"Data Source={db};Pooling=False");
        connection.Open();
        using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = $"PRAGMA synchronous = {synchronous}; PRAGMA busy_timeout = 10000;";
            pragma.ExecuteNonQuery();
        }

        // The engine's own statement texts, so the baseline cannot drift from what DeliverWebhookAsync runs.
        var commands = SqliteWorkflowStore.RoutedWebhookStatements.Select(statement =>
        {
            var command = connection.CreateCommand();
            command.CommandText = statement.Sql;
            foreach (var name in statement.Parameters)
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }

            command.Prepare();
            return command;
        }).ToList();
        var latencies = new List<double>(Resumes);
        while (latencies.Count < Resumes)
        {
            var n = random.Next(1, count + 1);
            if (n % 10 == 0 || !used.Add(n))
            {
                continue;
            }

            var instanceId = "c" + n.ToString(CultureInfo.InvariantCulture);
            var values = new Dictionary<string, object>(StringComparer.Ordinal)
            {
                ["@eventId"] = "raw" + n.ToString(CultureInfo.InvariantCulture),
                ["@key"] = "bench:k" + n.ToString(CultureInfo.InvariantCulture),
                ["@payloadJson"] = DBNull.Value, // a routed webhook's inbox row holds no payload (session 31)
                ["@at"] = 0L,
                ["@consumedBy"] = instanceId,
                ["@consumedAt"] = 0L,
                ["@traceParent"] = DBNull.Value, // no recorded request span: benchmarks run without tracing
                ["@instanceId"] = instanceId,
                ["@json"] = "{}",
                ["@now"] = 0L,
                ["@InstanceId"] = instanceId,
                ["@At"] = 0L,
                ["@Kind"] = JournalKinds.WebhookReceived,
                ["@StepId"] = "w",
                ["@Attempt"] = DBNull.Value,
                ["@DataJson"] = "{}",
            };
            var clock = Stopwatch.StartNew();
            using var transaction = connection.BeginTransaction(deferred: false);
            foreach (var command in commands)
            {
                command.Transaction = transaction;
                foreach (SqliteParameter parameter in command.Parameters)
                {
                    parameter.Value = values[parameter.ParameterName];
                }

                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                }
            }

            transaction.Commit();
            latencies.Add(clock.Elapsed.TotalMilliseconds);
        }

        foreach (var command in commands)
        {
            command.Dispose();
        }

        return latencies;
    }

    private static double Percentile(List<double> values, int p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p / 100.0 * sorted.Count) - 1)];
    }
}
