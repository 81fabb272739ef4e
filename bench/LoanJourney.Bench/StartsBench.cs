using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Storage;
using LoanJourney.Server.Hosting;
using LoanJourney.Engine.Storage.Sqlite;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption.ConfigurationModel;

namespace LoanJourney.Bench;

/// <summary>
/// What a start costs the store (round 48; round 60 adds the whole start through the server's handler: <see cref="StartsThroughHandler"/>): <c>count</c> calls of <see cref="IWorkflowStore.CreateInstanceAsync(InstanceRecord, JournalRecord, AuditEntry?, CancellationToken)"/>,
/// each awaited, as <c>WorkflowClient.StartAsync</c> makes them for the personal loan's sample input (a fresh customer id each,
/// no idempotency key, the start's audit entry), on a SQLite store (synchronous FULL) with the server's kind of payload
/// protector (Data Protection with AES-256-GCM keys, the server's purpose), after 200 to warm up. Prints the bytes allocated by the whole process
/// per start (<c>GC.GetTotalAllocatedBytes(precise: true)</c>: the store's writer thread included), the process's CPU per
/// start and, from a second store traced by its statement observer, the SQL statements one start runs. Runs in the bench
/// process: a before/after runs each side's own build of the bench.
/// </summary>
internal static class StartsBench
{
    private const int WarmUp = 200;
    private const int Traced = 20;

    public static async Task RunAsync(string root, int count)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"starts: {count} store starts after {WarmUp}, personal-loan sample input, SQLite synchronous FULL, Data Protection payloads; nproc {Environment.ProcessorCount}, load average {Latencies.LoadAverage()}"));
        var sample = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(BenchProcess.RepositoryRoot, "workflows", "samples", "finbox-personal-loan.json")))!.AsObject();
        var protector = TracedEngine.ServerProtector(root);

        var statements = new ConcurrentQueue<string>();
        using (var traced = new SqliteWorkflowStore(new SqliteStoreOptions
        {
            DatabasePath = Path.Combine(root, "traced.db"), PayloadProtector = protector, StatementObserver = statements.Enqueue,
        }, TimeProvider.System))
        {
            await traced.InitializeAsync(default);
            await StartAsync(traced, sample, "warm", 0);
            statements.Clear();
            for (var i = 0; i < Traced; i++)
            {
                await StartAsync(traced, sample, "traced", i);
            }
        }

        var perStart = statements.Where(s => !s.StartsWith("BEGIN", StringComparison.OrdinalIgnoreCase) && !s.StartsWith("COMMIT", StringComparison.OrdinalIgnoreCase))
            .GroupBy(s => s.Length > 40 ? s[..40] : s).Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Count() / (double)Traced:0.##} × {g.Key}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"statements per start (of {Traced} traced, BEGIN and COMMIT left out): {string.Join(" | ", perStart)}"));

        using var store = new SqliteWorkflowStore(new SqliteStoreOptions { DatabasePath = Path.Combine(root, "starts.db"), PayloadProtector = protector }, TimeProvider.System);
        await store.InitializeAsync(default);
        for (var i = 0; i < WarmUp; i++)
        {
            await StartAsync(store, sample, "warm", i);
        }

        var (bytes, cpuUs, wall) = await ProcessCost.MeasureAsync(async () =>
        {
            for (var i = 0; i < count; i++)
            {
                await StartAsync(store, sample, "run", i);
            }
        });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"store only (round 48's figure, no key): allocated {bytes / (double)count:F0} bytes per start, CPU {cpuUs / count:F0} µs per start, wall {wall.TotalMicroseconds / count:F0} µs per start; load average {Latencies.LoadAverage()}"));
        await StartsThroughHandler.RunAsync(root, protector, sample, count);
    }

    // As WorkflowClient.StartAsync builds them: the record, its InstanceStarted entry and the start's audit entry.
    private static Task<(InstanceRecord Instance, bool Created)> StartAsync(SqliteWorkflowStore store, JsonObject sample, string run, int index)
    {
        var now = DateTimeOffset.FromUnixTimeMilliseconds(TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds());
        var id = Guid.CreateVersion7(now).ToString("N");
        var input = sample.DeepClone().AsObject();
        input["customerId"] = string.Create(CultureInfo.InvariantCulture, $"BENCH-{run}-{index}");
        var record = new InstanceRecord
        {
            Id = id, WorkflowId = "finbox-personal-loan", WorkflowVersion = 1, Status = WorkflowStatus.Running,
            InputJson = input.ToJsonString(), VariablesJson = "{}", OutputsJson = "{}", HistoryJson = "[]", CurrentStepId = "start",
            Attempt = 1, ReadyAt = now, CreatedAt = now, UpdatedAt = now,
        };
        var started = new JournalRecord(0, id, now, JournalKinds.InstanceStarted, null, null,
            new JsonObject { ["workflowId"] = record.WorkflowId, ["version"] = 1, ["correlationId"] = null, ["by"] = "bench" }.ToJsonString());
        var audit = new AuditEntry(0, now, "bench", "start", record.WorkflowId, id, null, """{"version":1}""") { ClientAddress = "127.0.0.1", AuthMethod = "key", AuthId = "bench" };
        return store.CreateInstanceAsync(record, started, audit, default);
    }
}
