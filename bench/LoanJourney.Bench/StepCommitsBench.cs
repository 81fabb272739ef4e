using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using LoanJourney.Engine.Activities;
using LoanJourney.Engine.Definitions;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Runtime;
using LoanJourney.Engine.Storage;
using LoanJourney.Engine.Storage.Sqlite;
using LoanJourney.Server.Hosting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption.ConfigurationModel;
using Microsoft.Extensions.DependencyInjection;

namespace LoanJourney.Bench;

/// <summary>
/// What a journey's step commits allocate (round 52): <c>journeys</c> journeys of <see cref="Steps"/> <c>Bench.Noop</c> steps
/// (each step one durable commit: the state row with the whole history, its journal entries, the funnel's aggregates, the
/// outputs protected) run by the real engine (client, dispatcher with one run at a time, runner, SQLite store synchronous
/// FULL, the server's payload protector: Data Protection with AES-256-GCM keys, the server's purpose), after a warm-up. The
/// journeys are started before the measured part; the measured part is <see cref="WorkflowDispatcher.DrainAsync"/> running
/// them one after the other (one write per commit: the figure does not depend on how a group commit batched). Prints the
/// bytes allocated by the whole process (<c>GC.GetTotalAllocatedBytes(precise: true)</c>) per journey and per step commit,
/// the statements per commit (a traced store), and the bytes by stage, each stage run alone over the same inputs. Runs in the
/// bench process: a before/after runs each side's own build of the bench.
/// </summary>
internal static class StepCommitsBench
{
    internal const int Steps = 10;
    private const int WarmUp = 100;
    private const int Traced = 5;

    public static async Task RunAsync(string root, int journeys)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"stepcommits: {journeys} journeys of {Steps} no-op steps after {WarmUp}, one run at a time; SQLite synchronous FULL, Data Protection payloads; nproc {Environment.ProcessorCount}, load average {Latencies.LoadAverage()}"));
        var protector = TracedEngine.ServerProtector(root);
        var definitions = await WriteWorkflowAsync(root);

        var statements = new ConcurrentQueue<string>();
        int commitsPerJourney;
        await using (var traced = Engine(root, "traced", definitions, protector, statements.Enqueue))
        {
            await RunJourneysAsync(traced, 1);
            statements.Clear();
            await RunJourneysAsync(traced, Traced);
            var all = statements.ToArray();
            var commits = all.Count(IsStepCommit);
            commitsPerJourney = commits / Traced;
            var perCommit = all.Where(s => !s.StartsWith("BEGIN", StringComparison.OrdinalIgnoreCase) && !s.StartsWith("COMMIT", StringComparison.OrdinalIgnoreCase))
                .GroupBy(s => s.Length > 48 ? s[..48] : s)
                .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Count() / (double)commits:0.##} × {g.Key}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"step commits per journey {commits / (double)Traced:0.##}; statements per step commit (everything of {Traced} traced journeys, start and claim included, over their {commits} step commits; BEGIN and COMMIT left out): {string.Join(" | ", perCommit)}"));
        }

        double whole;
        await using (var engine = Engine(root, "commits", definitions, protector, null))
        {
            await RunJourneysAsync(engine, WarmUp);
            for (var i = 0; i < journeys; i++)
            {
                await engine.Client.StartAsync("commits", null);
            }

            // LJ_BENCH_ALLOCTYPES=1: the runtime's allocation samples by type over the measured part (costs a little CPU).
            using var types = Environment.GetEnvironmentVariable("LJ_BENCH_ALLOCTYPES") == "1" ? new AllocationTypes() : null;
            var ((bytes, cpuUs, wall), ran) = await ProcessCost.MeasureAsync(() => engine.Dispatcher.DrainAsync(), types);
            var commits = journeys * (double)commitsPerJourney;
            whole = bytes / commits;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"allocated {bytes / (double)journeys:F0} bytes per journey, {whole:F0} bytes per step commit ({commitsPerJourney} per journey; runs {ran}); CPU {cpuUs / commits:F0} µs per step commit, wall {wall.TotalMicroseconds / commits:F0} µs per step commit; load average {Latencies.LoadAverage()}"));
            types?.Print(25, commits, "step commit");
        }

        await StagesAsync(root, protector, journeys, whole);
    }

    // A step's commit UPDATE (the claim and the lease statements name lease_owner first).
    private static bool IsStepCommit(string sql) => sql.StartsWith("UPDATE instances SET version = version + 1", StringComparison.Ordinal);

    private static async Task RunJourneysAsync(StepEngine engine, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await engine.Client.StartAsync("commits", null);
        }

        await engine.Dispatcher.DrainAsync();
    }

    // The same work done alone, as the runner and the store do it at each of a journey's commits, over the same inputs: the
    // history written whole (EngineJson.WriteHistory), the funnel's change (FunnelDelta.Between, its old side seen before, as in
    // the engine), the outputs protected, the journal entries' data; and the store's CommitAsync with these made beforehand.
    private static async Task StagesAsync(string root, DataProtectionPayloadProtector protector, int journeys, double whole)
    {
        var start = DateTimeOffset.FromUnixTimeMilliseconds(TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds());
        var entries = new List<StepHistoryEntry>();
        var histories = new string[Steps + 1];
        var outputs = new string[Steps + 1];
        histories[0] = "[]";
        outputs[0] = "{}";
        var outputObject = new JsonObject();
        for (var k = 1; k <= Steps; k++)
        {
            var at = start.AddMilliseconds(k);
            entries.Add(new StepHistoryEntry { StepId = "s" + k, Activity = "Bench.Noop", Attempt = 1, Status = "Completed", StartedAt = at, FinishedAt = at.AddMilliseconds(1), Outcome = "Done" });
            histories[k] = EngineJson.WriteHistory([.. entries]);
            outputObject["s" + k] = null;
            outputs[k] = outputObject.ToJsonString();
        }

        var rows = new List<(string Stage, double Bytes, string Whose)>();
        var n = journeys * Steps;
        rows.Add(("history written whole (`EngineJson.WriteHistory`, k entries)", Measure(journeys, () =>
        {
            for (var k = 1; k <= Steps; k++)
            {
                EngineJson.WriteHistory([.. entries.Take(k)]);
            }
        }) / n, "the runner's (the stored column is the whole history)"));
        rows.Add(("history read back (`EngineJson.ReadHistory`, the text written before)", Measure(journeys, () =>
        {
            for (var k = 1; k <= Steps; k++)
            {
                EngineJson.ReadHistory(histories[k - 1]);
            }
        }) / n, "the runner's (a copy of the list it wrote)"));
        // Each commit's new history is a text the store has not seen (the runner wrote it for this commit), its old one the text of the
        // commit before: copies made beforehand, one set per journey, so no round finds the new side in FunnelDelta's slots.
        var fresh = Enumerable.Range(0, WarmUp + journeys).Select(_ => histories.Select(h => new string(h.AsSpan())).ToArray()).ToArray();
        var freshRound = 0;
        rows.Add(("funnel change (`FunnelDelta.Between`, the old side seen before, the new one not)", Measure(journeys, () =>
        {
            var texts = fresh[freshRound++];
            for (var k = 1; k <= Steps; k++)
            {
                FunnelDelta.Between(texts[k - 1], null, texts[k], null);
            }
        }) / n, "the store's (inside its commit)"));
        rows.Add(("outputs protected (`DataProtectionPayloadProtector.Protect`)", Measure(journeys, () =>
        {
            for (var k = 1; k <= Steps; k++)
            {
                protector.Protect(outputs[k]);
            }
        }) / n, "the store's (inside its commit), Data Protection's"));
        rows.Add(("journal entries' data (StepStarted, StepCompleted: `JournalData`, written straight to the text since round 53)", Measure(journeys, () =>
        {
            for (var k = 1; k <= Steps; k++)
            {
                _ = JournalData.StepStarted("Bench.Noop", "bench");
                _ = JournalData.Outcome("Done");
            }
        }) / n, "the runner's"));

        // The store's commit alone: a started journey, then its Steps commits as the runner builds them (no fence: the bench
        // holds no lease), the histories, outputs and journal records made beforehand.
        using var store = new SqliteWorkflowStore(new SqliteStoreOptions { DatabasePath = Path.Combine(root, "store.db"), PayloadProtector = protector }, TimeProvider.System);
        await store.InitializeAsync(default);
        long storeBytes = 0;
        for (var j = 0; j < WarmUp + journeys; j++)
        {
            // Fresh history texts per journey, as the runner hands the store (see the funnel stage).
            var texts = histories.Select(h => new string(h.AsSpan())).ToArray();
            var id = Guid.CreateVersion7(start).ToString("N");
            var state = new InstanceRecord
            {
                Id = id, WorkflowId = "commits", WorkflowVersion = 1, Status = WorkflowStatus.Running, InputJson = "{}", VariablesJson = "{}",
                OutputsJson = outputs[0], HistoryJson = texts[0], CurrentStepId = "s1", Attempt = 1, ReadyAt = start, CreatedAt = start, UpdatedAt = start,
            };
            (state, _) = await store.CreateInstanceAsync(state, new JournalRecord(0, id, start, JournalKinds.InstanceStarted, null, null, """{"workflowId":"commits","version":1}"""), null, default);
            var commits = new InstanceCommit[Steps];
            var read = state;
            for (var k = 1; k <= Steps; k++)
            {
                var at = start.AddMilliseconds(k);
                var next = read with
                {
                    Status = k == Steps ? WorkflowStatus.Completed : WorkflowStatus.Running, CurrentStepId = k == Steps ? null : "s" + (k + 1),
                    ReadyAt = k == Steps ? null : at, HistoryJson = texts[k], OutputsJson = outputs[k], Version = read.Version + 1,
                };
                commits[k - 1] = new InstanceCommit
                {
                    State = next, ExpectedVersion = read.Version, Previous = read, ReleaseLease = k == Steps, Now = at,
                    Journal =
                    [
                        new JournalRecord(0, id, at, JournalKinds.StepStarted, "s" + k, 1, """{"activity":"Bench.Noop","node":"bench"}"""),
                        new JournalRecord(0, id, at, JournalKinds.StepCompleted, "s" + k, 1, """{"outcome":"Done"}"""),
                    ],
                    ConsumeBufferedWebhooks = true,
                };
                read = next;
            }

            var before = GC.GetTotalAllocatedBytes(precise: true);
            foreach (var commit in commits)
            {
                await store.CommitAsync(commit, default);
            }

            if (j >= WarmUp)
            {
                storeBytes += GC.GetTotalAllocatedBytes(precise: true) - before;
            }
        }

        rows.Add(("the store's step commit (`SqliteWorkflowStore.CommitAsync`, with the funnel change and the protection above)", storeBytes / (double)n,
            "the engine's: the queued write, the UPDATE's binding and reader, the journal INSERTs, the funnel upserts, BEGIN/COMMIT"));
        Console.WriteLine("| stage | bytes per step commit | whose |");
        Console.WriteLine("| --- | ---: | --- |");
        foreach (var (stage, bytes, whose) in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {stage} | {bytes:F0} | {whose} |"));
        }

        var counted = rows[0].Bytes + rows[1].Bytes + rows[4].Bytes + rows[5].Bytes;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| the rest (dispatcher, runner, claim, start's share: the whole less the stages not nested in the store's) | {whole - counted:F0} | |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| **whole** | **{whole:F0}** | |"));

        // Round 54: sites inside "the rest", each made alone as the runner makes it at every step (with the token the bench's runs
        // get: DrainAsync's, which cannot be cancelled; a server's stopping token adds one registration on either side).
        var period = new EngineOptions().LeaseDuration / 3;
        var renewals = new RenewalTarget();
        var rest = new List<(string Stage, double Bytes, string Whose)>
        {
            ("· the step's cancellation (`WorkflowRunner.InvokeAsync`: the sources the activity's token comes from, made and disposed)", Measure(journeys, () =>
            {
                for (var k = 1; k <= Steps; k++)
                {
                    MakeStepCancellation(default);
                }
            }) / n, "the runner's"),
            ("· the step's lease-renewal timer (`TimeProvider.CreateTimer` with its callback, made and disposed)", Measure(journeys, () =>
            {
                for (var k = 1; k <= Steps; k++)
                {
                    using var timer = TimeProvider.System.CreateTimer(renewals.Renew, null, period, period);
                }
            }) / n, "the runner's"),
        };
        var record = new InstanceRecord
        {
            Id = "r", WorkflowId = "commits", WorkflowVersion = 1, Status = WorkflowStatus.Running, InputJson = "{}", VariablesJson = "{}",
            OutputsJson = "{}", HistoryJson = "[]", CurrentStepId = "s1", Attempt = 1, ReadyAt = start, CreatedAt = start, UpdatedAt = start,
        };
        rest.Add(("· one `InstanceRecord` copy (`with`)", Measure(journeys, () =>
        {
            for (var k = 1; k <= Steps; k++)
            {
                _ = record with { HistoryJson = histories[k] };
            }
        }) / n, "the runner's (~4 a step)"));
        // Round 56: the runner's JSON at every step as main 85a6779c does it (WorkflowRunner.InvokeAsync and ApplyAsync): the variables,
        // the outputs and the step state parsed from the row's text, the input parsed and the step's inputs resolved, the variables
        // and the outputs (with the step's output) written again. The bench's journeys hold `{}` variables and k null outputs.
        var none = new JsonObject();
        rest.Add(("· the variables parsed and written again (`EngineJson.ParseObject`, `ToJsonString`; `{}`)", Measure(journeys, () =>
        {
            for (var k = 1; k <= Steps; k++)
            {
                _ = EngineJson.ParseObject(record.VariablesJson).ToJsonString();
            }
        }) / n, "the runner's"));
        rest.Add(("· the outputs parsed, the step's output set, written again (k − 1 → k null outputs)", Measure(journeys, () =>
        {
            for (var k = 1; k <= Steps; k++)
            {
                var parsed = EngineJson.ParseObject(outputs[k - 1]);
                parsed["s" + k] = null;
                _ = parsed.ToJsonString();
            }
        }) / n, "the runner's"));
        rest.Add(("· the step state parsed (`EngineJson.ParseObject(null)`)", Measure(journeys, () =>
        {
            for (var k = 1; k <= Steps; k++)
            {
                _ = EngineJson.ParseObject(null);
            }
        }) / n, "the runner's"));
        rest.Add(("· the input parsed and the step's inputs resolved (`Bindings.Resolve` of `{}`)", Measure(journeys, () =>
        {
            for (var k = 1; k <= Steps; k++)
            {
                var scope = new BindingScope(EngineJson.Parse(record.InputJson), none, none);
                _ = Bindings.Resolve(none, scope);
            }
        }) / n, "the runner's"));
        foreach (var (stage, bytes, whose) in rest)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {stage} | {bytes:F0} | {whose} |"));
        }
    }

    // The step's cancellation as WorkflowRunner.InvokeAsync makes it: since round 54 one source linked from the run's token (and the
    // timeout's source, for a step with a timeout), the lease lost told by a flag (main 25fb7415 made three sources a step).
    private static void MakeStepCancellation(CancellationToken run)
    {
        using var cancellation = new StepCancellation(null, TimeProvider.System, run);
    }

    private sealed class RenewalTarget
    {
        public void Renew(object? state)
        {
        }
    }

    private static double Measure(int rounds, Action round)
    {
        for (var i = 0; i < WarmUp; i++)
        {
            round();
        }

        var before = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < rounds; i++)
        {
            round();
        }

        return GC.GetTotalAllocatedBytes(precise: true) - before;
    }

    private static async Task<string> WriteWorkflowAsync(string root)
    {
        var definitions = Directory.CreateDirectory(Path.Combine(root, "commits-workflows")).FullName;
        var steps = string.Join(",\n", Enumerable.Range(1, Steps).Select(i =>
            $$"""{ "id": "s{{i}}", "activity": "Bench.Noop", "inputs": {}{{(i < Steps ? $$""", "next": { "Done": "s{{i + 1}}" }""" : "")}} }"""));
        await File.WriteAllTextAsync(Path.Combine(definitions, "commits.json"),
            $$"""{ "id": "commits", "version": 1, "title": "bench", "input": [], "variables": {}, "start": "s1", "steps": [ {{steps}} ] }""");
        return definitions;
    }

    private static StepEngine Engine(string root, string name, string definitions, IPayloadProtector protector, Action<string>? observer)
    {
        var services = TracedEngine.Services(root, name, definitions, protector, observer, o =>
        {
            o.FailOnDefinitionErrors = true;
            o.MaxConcurrency = 1;
        });
        services.AddActivity<NoopActivity>();
        return new StepEngine(services.BuildServiceProvider());
    }

    private sealed class StepEngine(ServiceProvider services) : IAsyncDisposable
    {
        public IWorkflowClient Client { get; } = services.GetRequiredService<IWorkflowClient>();

        public WorkflowDispatcher Dispatcher { get; } = services.GetRequiredService<WorkflowDispatcher>();

        public ValueTask DisposeAsync() => services.DisposeAsync();
    }
}
