using System.Diagnostics;
using System.Globalization;
using LoanJourney.Engine.Storage;
using LoanJourney.Engine.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace LoanJourney.Bench;

/// <summary>
/// No-op step transitions through the real engine (client start, dispatcher drain, SQLite store) next to the raw rate of
/// a same-shaped SQLite transaction (update the state row + append two journal rows; the next work item is the row's
/// ready_at, as in the engine) on a file with the same schema, measured in the same run.
/// </summary>
internal static class StepsBench
{
    private const int Instances = 200;
    internal const int Steps = 20;

    public static async Task RunAsync(string root)
    {
        Console.WriteLine($"steps: {Instances} instances x {Steps} no-op steps; engine = StartAsync all, then time WorkflowDispatcher.DrainAsync (MaxConcurrency 16)");
        Console.WriteLine($"nproc {Environment.ProcessorCount}, load average {Latencies.LoadAverage()}; CPU = this process's user + system time per transition");
        Console.WriteLine("| synchronous | engine transitions/s | raw transactions/s | ratio | engine CPU µs/transition | raw CPU µs/transaction |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var synchronous in new[] { "FULL", "NORMAL" })
        {
            var (engine, engineCpu) = await MeasureAsync(() => EngineRateAsync(Path.Combine(root, "steps-" + synchronous), synchronous));
            var (raw, rawCpu) = await MeasureAsync(() => RawRateAsync(Path.Combine(root, "raw-" + synchronous), synchronous));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {synchronous} | {engine:F0} | {raw:F0} | {engine / raw:F2} | {engineCpu:F0} | {rawCpu:F0} |"));
        }
    }

    // The rate, and the CPU this process spent per transition while it was measured (timed part only).
    private static async Task<(double Rate, double CpuMicroseconds)> MeasureAsync(Func<Task<(double Rate, TimeSpan Cpu)>> run)
    {
        var (rate, cpu) = await run();
        return (rate, cpu.TotalMicroseconds / (Instances * Steps));
    }

    private static TimeSpan Cpu() => Process.GetCurrentProcess().TotalProcessorTime;

    private static async Task<(double Rate, TimeSpan Cpu)> EngineRateAsync(string directory, string synchronous)
    {
        var definitions = await WriteWorkflowAsync(directory);
        await using var engine = new BenchEngine(Path.Combine(directory, "engine.db"), definitions, synchronous);
        await engine.InitializeAsync();
        for (var i = 0; i < Instances; i++)
        {
            await engine.Client.StartAsync("steps", null);
        }

        var cpu = Cpu();
        var clock = Stopwatch.StartNew();
        await engine.Dispatcher.DrainAsync();
        return (Instances * Steps / clock.Elapsed.TotalSeconds, Cpu() - cpu);
    }

    /// <summary>
    /// The <c>steps</c> workflow (<see cref="Steps"/> <c>Bench.Noop</c> steps in a row) written to DIRECTORY/workflows, whose
    /// path it returns; also the CPU-bound neighbour of <c>lenderpipe</c> (<see cref="NeighbourLoad"/>).
    /// </summary>
    internal static async Task<string> WriteWorkflowAsync(string directory)
    {
        var definitions = Path.Combine(directory, "workflows");
        Directory.CreateDirectory(definitions);
        var steps = string.Join(",\n", Enumerable.Range(1, Steps).Select(i =>
            $$"""{ "id": "s{{i}}", "activity": "Bench.Noop", "inputs": {}{{(i < Steps ? $$""", "next": { "Done": "s{{i + 1}}" }""" : "")}} }"""));
        await File.WriteAllTextAsync(Path.Combine(definitions, "steps.json"),
            $$"""{ "id": "steps", "version": 1, "title": "bench", "input": [], "variables": {}, "start": "s1", "steps": [ {{steps}} ] }""");
        return definitions;
    }

    private static async Task<(double Rate, TimeSpan Cpu)> RawRateAsync(string directory, string synchronous)
    {
        var path = Path.Combine(directory, "raw.db");
        using (var store = new SqliteWorkflowStore(new SqliteStoreOptions { DatabasePath = path, Synchronous = synchronous }, TimeProvider.System))
        {
            await store.InitializeAsync(default);
        }

        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        Execute(connection, $"PRAGMA journal_mode = WAL; PRAGMA synchronous = {synchronous}; PRAGMA busy_timeout = 10000;");
        // The history the engine writes: one entry per step so far (the triggers of 0017 and 0020 see it, as they see the
        // engine's).
        var histories = new string[Steps + 1];
        for (var step = 1; step <= Steps; step++)
        {
            histories[step] = "[" + string.Join(",", Enumerable.Range(1, step).Select(k => string.Create(CultureInfo.InvariantCulture,
                $$"""{"stepId":"s{{k}}","activity":"Bench.Noop","attempt":1,"status":"Completed","startedAt":"2026-12-01T00:00:00.000+00:00","finishedAt":"2026-12-01T00:00:00.001+00:00","outcome":"Done","compensated":false}"""))) + "]";
        }

        for (var i = 0; i < Instances; i++)
        {
            Execute(connection, string.Create(CultureInfo.InvariantCulture,
                $"INSERT INTO instances (id, workflow_id, workflow_version, status, input_json, variables_json, outputs_json, history_json, current_step, attempt, ready_at, version, lease_owner, lease_token, lease_expires_at, created_at, updated_at) VALUES ('i{i}', 'steps', 1, 'Running', '{{}}', '{{}}', '{{}}', '[]', 's1', 1, 0, 1, 'bench', 1, 0, 0, 0)"));
        }

        // What each step changes in the funnel, computed before the clock starts (the engine's share of the work is its own);
        // the engine's commit writes it with the store's two upserts (migration 0021) and moves funnel_version.
        var funnels = Enumerable.Range(0, Steps + 1).Select(step => step == 0 ? FunnelDelta.None : FunnelDelta.Between(histories[step - 1] ?? "[]", null, histories[step], null)).ToArray();
        using var upsertStep = Command(connection, SqliteWorkflowStore.UpsertFunnelStep.Sql, [.. SqliteWorkflowStore.UpsertFunnelStep.Parameters]);
        using var upsertDuration = Command(connection, SqliteWorkflowStore.UpsertFunnelDuration.Sql, [.. SqliteWorkflowStore.UpsertFunnelDuration.Parameters]);
        using var update = Command(connection,
            "UPDATE instances SET status = 'Running', variables_json = @v, outputs_json = @o, history_json = @h, current_step = @step, attempt = 1, " +
            "ready_at = @now, version = version + 1, lease_expires_at = @now, updated_at = @now, funnel_version = funnel_version + 1 " +
            "WHERE id = @id AND version = @version AND lease_owner = 'bench' AND lease_token = 1 RETURNING version, cancel_requested",
            "@v", "@o", "@h", "@step", "@now", "@id", "@version");
        using var journal = Command(connection,
            "INSERT INTO journal (instance_id, at, kind, step_id, attempt, data_json) VALUES (@id, @now, @kind, @step, 1, @data)",
            "@id", "@now", "@kind", "@step", "@data");
        using var begin = Command(connection, "BEGIN IMMEDIATE");
        using var commit = Command(connection, "COMMIT");
        var cpu = Cpu();
        var clock = Stopwatch.StartNew();
        for (var step = 1; step <= Steps; step++)
        {
            for (var i = 0; i < Instances; i++)
            {
                begin.ExecuteNonQuery();
                Bind(update, "{}", "{}", histories[step], "s" + step, step, "i" + i, step);
                update.ExecuteScalar();
                foreach (var change in funnels[step].Steps)
                {
                    Bind(upsertStep, "steps", change.StepId, change.Reached, change.Completed, change.Rejected);
                    upsertStep.ExecuteNonQuery();
                }

                foreach (var change in funnels[step].Durations)
                {
                    Bind(upsertDuration, "steps", change.StepId, change.Executions, change.FinishedAt, change.StartedAt);
                    upsertDuration.ExecuteNonQuery();
                }

                Bind(journal, "i" + i, step, "StepStarted", "s" + step, """{"activity":"Bench.Noop"}""");
                journal.ExecuteNonQuery();
                Bind(journal, "i" + i, step, "StepCompleted", "s" + step, """{"outcome":"Done"}""");
                journal.ExecuteNonQuery();
                commit.ExecuteNonQuery();
            }
        }

        return (Instances * Steps / clock.Elapsed.TotalSeconds, Cpu() - cpu);
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }

    private static void Bind(SqliteCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i];
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

}
