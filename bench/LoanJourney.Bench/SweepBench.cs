using System.Diagnostics;
using System.Globalization;
using Dapper;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Runtime;
using LoanJourney.Engine.Storage;
using LoanJourney.Server.Hosting;
using LoanJourney.Engine.Storage.Sqlite;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace LoanJourney.Bench;

/// <summary>
/// The payload sweep's rate (session 32): <c>rows</c> journeys written in the clear by the pass-through protector (a
/// <c>inputBytes</c> input and a 600-byte output each, copies of one journey made in SQL), then the store opened with the
/// server's protector (Data Protection, the same purpose) and one sweep pass run: unpaced (its own cost), then on a fresh
/// copy paced as in production (a pause as long as each window), then a second pass over the protected table (what each
/// later start reads). SQLite, synchronous FULL.
/// </summary>
internal static class SweepBench
{
    public static async Task RunAsync(string root, int rows, int inputBytes)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sweep: {rows} journeys in the clear, input {inputBytes} B + output 600 B each; SQLite synchronous FULL; nproc {Environment.ProcessorCount}, load average {Latencies.LoadAverage()}"));
        var keys = DataProtectionProvider.Create(new DirectoryInfo(Path.Combine(root, "keys")), b => b.SetApplicationName("LoanJourney.Server"));
        var protector = new DataProtectionPayloadProtector(keys);
        foreach (var paced in new[] { false, true })
        {
            var path = Path.Combine(root, paced ? "paced.db" : "unpaced.db");
            await SeedAsync(path, rows, inputBytes);
            using var store = new SqliteWorkflowStore(new SqliteStoreOptions { DatabasePath = path, PayloadProtector = protector }, TimeProvider.System);
            await store.InitializeAsync(default);
            var sweeper = new PayloadSweeper(store, protector, null, TimeProvider.System, NullLogger<PayloadSweeper>.Instance) { Paced = paced };
            var clock = Stopwatch.StartNew();
            var result = await sweeper.RunOnceAsync();
            var seconds = clock.Elapsed.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{(paced ? "paced  " : "unpaced")}: scanned {result.Scanned}, protected {result.Protected}, skipped {result.Skipped}, purged {result.FreedSpacePurged}: {seconds:F1} s = {result.Protected / seconds:F0} journeys/s; load average {Latencies.LoadAverage()}"));
            clock.Restart();
            var again = await sweeper.RunOnceAsync();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  second pass (nothing to protect): scanned {again.Scanned} in {clock.Elapsed.TotalSeconds:F1} s = {again.Scanned / clock.Elapsed.TotalSeconds:F0} journeys/s; file {new FileInfo(path).Length / 1_048_576.0:F0} MiB"));
        }
    }

    /// <summary>
    /// What the sweep costs each start once everything is protected (session 38): <c>rows</c> journeys whose payloads are already
    /// stored protected (the prefix written in SQL: the sweep reads only whether it is there, never the value), then three starts,
    /// each a new store initialized on the file and one sweep pass, timed together. The first start after the upgrade walks the
    /// table and records the complete pass; the later ones read that record.
    /// </summary>
    public static async Task RunStartsAsync(string root, int rows, int inputBytes)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sweep-starts: {rows} journeys already protected, input {inputBytes} B + output 600 B each; SQLite synchronous FULL; nproc {Environment.ProcessorCount}, load average {Latencies.LoadAverage()}"));
        var keys = DataProtectionProvider.Create(new DirectoryInfo(Path.Combine(root, "keys")), b => b.SetApplicationName("LoanJourney.Server"));
        var protector = new DataProtectionPayloadProtector(keys);
        var path = Path.Combine(root, "starts.db");
        await SeedAsync(path, rows, inputBytes, PayloadProtection.Prefix);
        for (var start = 1; start <= 3; start++)
        {
            var clock = Stopwatch.StartNew();
            using var store = new SqliteWorkflowStore(new SqliteStoreOptions { DatabasePath = path, PayloadProtector = protector }, TimeProvider.System);
            await store.InitializeAsync(default);
            var result = await new PayloadSweeper(store, protector, null, TimeProvider.System, NullLogger<PayloadSweeper>.Instance).RunOnceAsync();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"start {start}: scanned {result.Scanned}, protected {result.Protected}, already complete {result.AlreadyComplete}, recorded {result.Marked}: {clock.Elapsed.TotalMilliseconds:F0} ms; load average {Latencies.LoadAverage()}"));
        }
    }

    private static async Task SeedAsync(string path, int rows, int inputBytes, string prefix = "")
    {
        var clock = Stopwatch.StartNew();
        using (var store = new SqliteWorkflowStore(new SqliteStoreOptions { DatabasePath = path }, TimeProvider.System))
        {
            await store.InitializeAsync(default);
            var now = TimeProvider.System.GetUtcNow();
            await store.CreateInstanceAsync(new InstanceRecord
            {
                Id = "seed", WorkflowId = "kyc", WorkflowVersion = 1, Status = WorkflowStatus.Waiting,
                InputJson = "{\"statement\":\"" + new string('S', inputBytes) + "\"}", VariablesJson = "{}",
                OutputsJson = "{\"bre\":{\"offer\":\"" + new string('O', 580) + "\"}}", HistoryJson = "[]", Version = 1,
                CreatedAt = now, UpdatedAt = now,
            }, new JournalRecord(0, "seed", now, JournalKinds.InstanceStarted, null, null, null), default);
        }

        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        for (var from = 1; from < rows; from += 10_000)
        {
            var to = Math.Min(rows - 1, from + 9_999);
            await connection.ExecuteAsync(
                "WITH RECURSIVE n(i) AS (SELECT @from UNION ALL SELECT i + 1 FROM n WHERE i < @to) " +
                "INSERT INTO instances (id, workflow_id, workflow_version, status, outcome, correlation_id, idempotency_key, input_json, variables_json, outputs_json, " +
                "history_json, current_step, attempt, step_state_json, pending_stimulus_json, cancel_requested, ready_at, version, lease_owner, lease_token, lease_expires_at, created_at, updated_at) " +
                "SELECT printf('j-%08d', i), workflow_id, workflow_version, status, outcome, correlation_id, NULL, @prefix || replace(input_json, '\"SSSS', '\"' || i || 'S'), variables_json, @prefix || outputs_json, " +
                "history_json, current_step, attempt, step_state_json, pending_stimulus_json, cancel_requested, ready_at, version, lease_owner, lease_token, lease_expires_at, created_at, updated_at " +
                "FROM instances, n WHERE id = 'seed'", new { from, to, prefix });
        }

        // The copies carry the prefix as written (the sweep reads only whether it is there); the template row too.
        await connection.ExecuteAsync("UPDATE instances SET input_json = @prefix || input_json, outputs_json = @prefix || outputs_json WHERE id = 'seed'", new { prefix });

        await connection.ExecuteAsync("PRAGMA wal_checkpoint(TRUNCATE)");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seeded {rows} journeys {(prefix.Length > 0 ? "protected" : "in the clear")} in {clock.Elapsed.TotalSeconds:F1} s"));
    }
}
