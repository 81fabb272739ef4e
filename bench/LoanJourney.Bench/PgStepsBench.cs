using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Runtime;
using LoanJourney.Engine.Storage;
using LoanJourney.Engine.Storage.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LoanJourney.Bench;

/// <summary>
/// No-op step transitions through the real engine on PostgreSQL (one node: client start, then the dispatcher's drain,
/// MaxConcurrency 16) next to the raw rate of a same-shaped PostgreSQL transaction from as many connections as the node
/// runs runners (16), measured in the same run on the same server, each on a fresh schema created by the store's own
/// migrations (so the raw transaction fires the same triggers). The raw transaction: the state-row
/// <c>UPDATE … RETURNING</c> (history grown by one entry, the engine's own history JSON), the funnel's change of the
/// step with the store's own two upserts (migration 0021), and the two journal rows in one batch of prepared statements,
/// then <c>COMMIT</c>. A second raw figure without the operator-view triggers (the shape
/// before migrations 0017/0018/0020) shows what the triggers cost per step. Both sides run at the server's durability
/// settings, printed.
/// </summary>
internal static class PgStepsBench
{
    private const int Instances = 200;
    private const int Steps = 20;
    private const int Connections = 16;
    private static readonly string[] JournalKinds = ["StepStarted", "StepCompleted"];
    private static readonly string[] JournalData = ["""{"activity":"Bench.Noop"}""", """{"outcome":"Done"}"""];

    public static async Task RunAsync(string root, string connectionString, int runs)
    {
        var settings = await SettingsAsync(connectionString);
        Console.WriteLine($"steps (PostgreSQL): {Instances} instances x {Steps} no-op steps; engine = one node, StartAsync all, then time WorkflowDispatcher.DrainAsync (MaxConcurrency 16); " +
            $"raw = the same-shaped transaction from {Connections} connections, prepared; server: {settings}");
        Console.WriteLine($"nproc {Environment.ProcessorCount}; CPU = this process's user + system time per transition (PostgreSQL's own CPU is not in it)");
        Console.WriteLine("| run | load average | engine transitions/s | raw transactions/s | ratio | raw without the view triggers /s | ratio | engine CPU µs | raw CPU µs |");
        Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (var run = 1; run <= runs; run++)
        {
            var load = Latencies.LoadAverage();
            var (engine, engineCpu, histories) = await EngineRateAsync(root, connectionString, run);
            var (raw, rawCpu) = await RawRateAsync(connectionString, histories, triggers: true);
            var (bare, _) = await RawRateAsync(connectionString, histories, triggers: false);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {run} | {load} | {engine:F0} | {raw:F0} | {engine / raw:F2} | {bare:F0} | {engine / bare:F2} | {engineCpu:F0} | {rawCpu:F0} |"));
        }
    }

    internal static async Task<string> SettingsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var values = new List<string> { "PostgreSQL " + connection.PostgreSqlVersion };
        foreach (var name in new[] { "fsync", "synchronous_commit", "full_page_writes", "wal_sync_method" })
        {
            await using var show = new NpgsqlCommand("SHOW " + name, connection);
            values.Add($"{name}={await show.ExecuteScalarAsync()}");
        }

        return string.Join(", ", values);
    }

    private static TimeSpan Cpu() => Process.GetCurrentProcess().TotalProcessorTime;

    // The engine's rate and CPU per transition, and the history JSON of one finished journey (its prefixes are what each
    // step's commit wrote), for the raw transaction.
    private static async Task<(double Rate, double CpuMicroseconds, string[] Histories)> EngineRateAsync(string root, string connectionString, int run)
    {
        var schema = await ScaleBench.CreateSchemaAsync(connectionString, $"bench_steps_{Guid.NewGuid():N}");
        var definitions = Path.Combine(root, $"pg-steps-{run}");
        Directory.CreateDirectory(definitions);
        var steps = string.Join(",\n", Enumerable.Range(1, Steps).Select(i =>
            $$"""{ "id": "s{{i}}", "activity": "Bench.Noop", "inputs": {}{{(i < Steps ? $$""", "next": { "Done": "s{{i + 1}}" }""" : "")}} }"""));
        await File.WriteAllTextAsync(Path.Combine(definitions, "steps.json"),
            $$"""{ "id": "steps", "version": 1, "title": "bench", "input": [], "variables": {}, "start": "s1", "steps": [ {{steps}} ] }""");
        await using var node = ScaleBench.Node(schema, definitions, "bench");
        await node.GetRequiredService<EngineInitializer>().EnsureInitializedAsync();
        var client = node.GetRequiredService<IWorkflowClient>();
        for (var i = 0; i < Instances; i++)
        {
            await client.StartAsync("steps", null);
        }

        var cpu = Cpu();
        var clock = Stopwatch.StartNew();
        await node.GetRequiredService<WorkflowDispatcher>().DrainAsync();
        var rate = Instances * Steps / clock.Elapsed.TotalSeconds;
        var used = Cpu() - cpu;
        var completed = (await client.ListInstancesAsync(new InstanceQuery { Take = 1 })).CountsByStatus[WorkflowStatus.Completed];
        if (completed != Instances)
        {
            throw new InvalidOperationException($"{completed} of {Instances} journeys completed");
        }

        await using var connection = new NpgsqlConnection(schema);
        await connection.OpenAsync();
        await using var read = new NpgsqlCommand("SELECT history_json FROM instances LIMIT 1", connection);
        var history = JsonNode.Parse((string)(await read.ExecuteScalarAsync())!)!.AsArray();
        var histories = Enumerable.Range(1, Steps)
            .Select(k => new JsonArray(history.Take(Math.Min(k, history.Count)).Select(e => e!.DeepClone()).ToArray()).ToJsonString())
            .ToArray();
        return (rate, used.TotalMicroseconds / (Instances * Steps), histories);
    }

    private static async Task<(double Rate, double CpuMicroseconds)> RawRateAsync(string connectionString, string[] histories, bool triggers)
    {
        var schema = await ScaleBench.CreateSchemaAsync(connectionString, $"bench_raw_{Guid.NewGuid():N}");
        using (var store = new PostgresWorkflowStore(new PostgresStoreOptions { ConnectionString = schema }, TimeProvider.System))
        {
            await store.InitializeAsync(default);
        }

        await using var dataSource = NpgsqlDataSource.Create(schema);
        if (!triggers)
        {
            // Every operator-view trigger on instances (0017, 0018, 0020, and later ones), not the journal compaction's (0019).
            await using var drop = dataSource.CreateCommand(
                "DO $$ DECLARE t text; BEGIN FOR t IN SELECT tgname FROM pg_trigger WHERE tgrelid = 'instances'::regclass AND NOT tgisinternal " +
                "AND tgname <> 'tr_instances_journal_compaction' LOOP EXECUTE format('DROP TRIGGER %I ON instances', t); END LOOP; END $$;");
            await drop.ExecuteNonQueryAsync();
        }

        await using (var seed = dataSource.CreateCommand(
            "INSERT INTO instances (id, workflow_id, workflow_version, status, input_json, variables_json, outputs_json, history_json, current_step, attempt, " +
            "ready_at, version, lease_owner, lease_token, lease_expires_at, created_at, updated_at) " +
            "SELECT 'i' || g, 'steps', 1, 'Running', '{}', '{}', '{}', '[]', 's1', 1, 0, 1, 'bench', 1, 0, 0, 0 FROM generate_series(0, @n - 1) g"))
        {
            seed.Parameters.AddWithValue("n", Instances);
            await seed.ExecuteNonQueryAsync();
        }

        // What each step changes in the funnel, computed before the clock starts (the engine's share of the work is its own).
        var funnels = Enumerable.Range(0, histories.Length)
            .Select(k => FunnelDelta.Between(k == 0 ? "[]" : histories[k - 1], null, histories[k], null)).ToArray();
        var cpu = Cpu();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Connections).Select(async c =>
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            await using var batch = new NpgsqlBatch(connection)
            {
                BatchCommands =
                {
                    new NpgsqlBatchCommand(
                        "UPDATE instances SET status = $1, variables_json = '{}', outputs_json = '{}', history_json = $2, current_step = $3, attempt = 1, " +
                        "ready_at = $4, version = version + 1, lease_expires_at = $4, updated_at = $4" + (triggers ? ", funnel_version = funnel_version + 1 " : " ") +
                        "WHERE id = $5 AND version = $6 AND lease_owner = 'bench' AND lease_token = 1 RETURNING version, cancel_requested"),
                    new NpgsqlBatchCommand(
                        "INSERT INTO journal (instance_id, at, kind, step_id, attempt, data_json) " +
                        "SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::bigint[], $6::text[])"),
                },
            };
            if (triggers)
            {
                // The funnel's change of the step, as the engine writes it (migration 0021), with the store's own statements.
                // Positional, like the rest of this batch, so every statement stays prepared.
                batch.BatchCommands.Add(new NpgsqlBatchCommand(Positional(PostgresWorkflowStore.UpsertFunnelStepsSql, "@FunnelWorkflowId", "@Id", "@FStep", "@FReached", "@FCompleted", "@FRejected")));
                batch.BatchCommands.Add(new NpgsqlBatchCommand(Positional(PostgresWorkflowStore.UpsertFunnelDurationsSql, "@FunnelWorkflowId", "@DStep", "@DStarted", "@DFinished", "@DExecutions")));
            }

            var update = batch.BatchCommands[0].Parameters;
            var journal = batch.BatchCommands[1].Parameters;
            var prepared = false;
            for (var step = 1; step <= Steps; step++)
            {
                for (var i = c; i < Instances; i += Connections)
                {
                    var id = "i" + i;
                    var stepId = "s" + step;
                    update.Clear();
                    update.Add(new NpgsqlParameter { Value = step == Steps ? "Completed" : "Running" });
                    update.Add(new NpgsqlParameter { Value = histories[step - 1] });
                    update.Add(new NpgsqlParameter { Value = stepId });
                    update.Add(new NpgsqlParameter { Value = (long)step });
                    update.Add(new NpgsqlParameter { Value = id });
                    update.Add(new NpgsqlParameter { Value = (long)step });
                    journal.Clear();
                    journal.Add(new NpgsqlParameter { Value = new[] { id, id } });
                    journal.Add(new NpgsqlParameter { Value = new[] { (long)step, step } });
                    journal.Add(new NpgsqlParameter { Value = JournalKinds });
                    journal.Add(new NpgsqlParameter { Value = new[] { stepId, stepId } });
                    journal.Add(new NpgsqlParameter { Value = new long?[] { 1, 1 } });
                    journal.Add(new NpgsqlParameter { Value = JournalData });
                    if (triggers)
                    {
                        var funnel = funnels[step - 1];
                        var steps = batch.BatchCommands[2].Parameters;
                        steps.Clear();
                        steps.Add(new NpgsqlParameter { Value = "steps" });
                        steps.Add(new NpgsqlParameter { Value = id });
                        steps.Add(new NpgsqlParameter { Value = funnel.Steps.Select(f => f.StepId).ToArray() });
                        steps.Add(new NpgsqlParameter { Value = funnel.Steps.Select(f => (long)f.Reached).ToArray() });
                        steps.Add(new NpgsqlParameter { Value = funnel.Steps.Select(f => (long)f.Completed).ToArray() });
                        steps.Add(new NpgsqlParameter { Value = funnel.Steps.Select(f => (long)f.Rejected).ToArray() });
                        var durations = batch.BatchCommands[3].Parameters;
                        durations.Clear();
                        durations.Add(new NpgsqlParameter { Value = "steps" });
                        durations.Add(new NpgsqlParameter { Value = funnel.Durations.Select(f => f.StepId).ToArray() });
                        durations.Add(new NpgsqlParameter { Value = funnel.Durations.Select(f => f.StartedAt).ToArray() });
                        durations.Add(new NpgsqlParameter { Value = funnel.Durations.Select(f => f.FinishedAt).ToArray() });
                        durations.Add(new NpgsqlParameter { Value = funnel.Durations.Select(f => (long)f.Executions).ToArray() });
                    }

                    await using var transaction = await connection.BeginTransactionAsync();
                    batch.Transaction = transaction;
                    if (!prepared)
                    {
                        await batch.PrepareAsync();
                        prepared = true;
                    }

                    await batch.ExecuteNonQueryAsync();
                    await transaction.CommitAsync();
                }
            }
        }));
        return (Instances * Steps / clock.Elapsed.TotalSeconds, (Cpu() - cpu).TotalMicroseconds / (Instances * Steps));
    }

    private static string Positional(string sql, params string[] names)
    {
        for (var i = 0; i < names.Length; i++)
        {
            sql = sql.Replace(names[i], "$" + (i + 1).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }

        return sql.TrimEnd(';');
    }
}
