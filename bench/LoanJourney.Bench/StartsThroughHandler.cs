using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Security.Claims;
using System.Text;
using System.Text.Json.Nodes;
using LoanJourney.Activities;
using LoanJourney.Engine.Definitions;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Runtime;
using LoanJourney.Engine.Storage;
using LoanJourney.Engine.Storage.Sqlite;
using LoanJourney.Lenders.Common;
using LoanJourney.Server.Audit;
using LoanJourney.Server.Auth;
using LoanJourney.Server.Hosting;
using LoanJourney.Server.Http;
using LoanJourney.Server.Instances;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace LoanJourney.Bench;

/// <summary>
/// What a start allocates through the server's own handler (round 60): <c>count</c> personal-loan starts through
/// <c>InstancesApi.StartAsync</c> (the body read and parsed, the headers checked, the input validated, the partner-scoped
/// <c>Idempotency-Key</c> looked up and its tombstone, then <c>WorkflowClient.StartAsync</c>: the engine's own validation, the
/// record, its payloads protected, the key's hash, the journey, its journal entry and its audit entry in one commit), each
/// awaited, a fresh key and customer id each, by a partner-scoped principal, on a SQLite file (synchronous FULL) with the
/// server's payload protector, after 200 to warm up; the engine's loops are not started (no dispatcher runs the journeys).
/// The handler is the server's private method, called through a delegate made once by reflection: the bench needs no change
/// in <c>src/</c>. Prints the bytes allocated by the whole process per start (the store's writer thread included), CPU per
/// start, the statements one start runs, and the same bytes split by stage (each stage run alone <c>count</c> times on fresh
/// keys). Kestrel, routing, authentication and the request log are not in it: every request pays them.
/// </summary>
internal static class StartsThroughHandler
{
    private const int WarmUp = 200;
    private const int Traced = 20;
    private const string WorkflowId = "finbox-personal-loan";
    private const string Partner = "acme";

    private delegate Task<Results<Accepted<InstanceSummaryView>, Ok<InstanceSummaryView>, ProblemHttpResult>> Handler(
        string workflowId, int? version, string? idempotencyKeyHeader, string? correlationIdHeader, HttpRequest request, ClaimsPrincipal user,
        IWorkflowClient client, EngineInitializer initializer, WorkflowDefinitionCatalog catalog, AuditTrail audit, BodyLimits limits,
        CancellationToken cancellationToken);

    private static readonly Handler Start = typeof(InstancesApi).GetMethod("StartAsync", BindingFlags.NonPublic | BindingFlags.Static)!.CreateDelegate<Handler>();
    private delegate (string? Field, string? Id) CustomerIdRule(CompiledWorkflow workflow, JsonNode input);

    private static readonly CustomerIdRule CustomerIdOf = typeof(InstancesApi).GetMethod("CustomerId", BindingFlags.NonPublic | BindingFlags.Static)!.CreateDelegate<CustomerIdRule>();
    private static readonly BodyLimits Limits = new(1024 * 1024, 16 * 1024 * 1024);
    private static readonly ClaimsPrincipal User = PrincipalClaims.Create("bench-partner", [Roles.Operator], PrincipalClaims.Header, "bench", Partner, "bench-key");

    public static async Task RunAsync(string root, IPayloadProtector protector, JsonObject sample, int count)
    {
        var statements = new ConcurrentQueue<string>();
        await using (var traced = Engine(root, "handler-traced", protector, statements.Enqueue))
        {
            await traced.StartAsync(Body(sample, "warm", 0), "warm-0");
            statements.Clear();
            for (var i = 0; i < Traced; i++)
            {
                await traced.StartAsync(Body(sample, "traced", i), "traced-" + i.ToString(CultureInfo.InvariantCulture));
            }
        }

        var perStart = statements.Where(s => !s.StartsWith("BEGIN", StringComparison.OrdinalIgnoreCase) && !s.StartsWith("COMMIT", StringComparison.OrdinalIgnoreCase))
            .GroupBy(s => s.Length > 48 ? s[..48] : s).Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Count() / (double)Traced:0.##} × {g.Key}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"handler: statements per start (of {Traced} traced, BEGIN and COMMIT left out): {string.Join(" | ", perStart)}"));

        await using var engine = Engine(root, "handler", protector, null);
        for (var i = 0; i < WarmUp; i++)
        {
            await engine.StartAsync(Body(sample, "warm", i), "warm-" + i.ToString(CultureInfo.InvariantCulture));
        }

        // The bodies and keys as a partner sends them, made before the measured loop (the server receives them).
        var bodies = Enumerable.Range(0, count).Select(i => Body(sample, "run", i)).ToArray();
        var keys = Enumerable.Range(0, count).Select(i => "run-" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
        using var types = Environment.GetEnvironmentVariable("LJ_BENCH_ALLOCTYPES") == "1" ? new AllocationTypes() : null;
        var ((allocated, cpuUs, wall), _) = await ProcessCost.MeasureAsync(async () =>
        {
            for (var i = 0; i < count; i++)
            {
                await engine.StartAsync(bodies[i], keys[i]);
            }

            return 0;
        }, types);
        var whole = allocated / (double)count;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"handler: allocated {whole:F0} bytes per start, CPU {cpuUs / count:F0} µs per start, wall {wall.TotalMicroseconds / count:F0} µs per start; load average {Latencies.LoadAverage()}"));
        types?.Print(30, count, "start");
        await StagesAsync(engine, protector, sample, count, whole);
    }

    // The handler's stages, each run alone count times on its own keys and customer ids (a start's key can start one journey),
    // bytes per start; "the rest" is the whole handler's figure less the stages.
    private static async Task StagesAsync(StartEngine engine, IPayloadProtector protector, JsonObject sample, int count, double whole)
    {
        var rows = new List<(string Stage, double Bytes)>();
        var n = count + WarmUp;
        var bodies = Enumerable.Range(0, n).Select(i => Body(sample, "stage", i)).ToArray();
        var inputs = bodies.Select(b => JsonNode.Parse(b)!.AsObject()).ToArray();
        var workflow = engine.Catalog.GetLatest(WorkflowId);

        rows.Add(("the request as the bench builds it (DefaultHttpContext, body stream): not the server's", await MeasureAsync(count, i =>
        {
            Request(bodies[i]);
            return Task.CompletedTask;
        })));
        var harness = rows[^1].Bytes;
        rows.Add(("body read and parse (JsonBody.ReadAsync: the byte[], JsonNode.Parse)", await MeasureAsync(count, async i =>
        {
            _ = await JsonBody.ReadAsync(Request(bodies[i]), Limits.Start, requireObject: false, default);
        }) - harness));
        rows.Add(("the server's input validation (InstancesApi.InputErrors: the engine's judgement of the schema and the input's text, JourneyInputValidator, the customer id)", await MeasureAsync(count, i =>
        {
            InstancesApi.InputErrors(workflow, inputs[i]);
            return Task.CompletedTask;
        })));
        var inputErrors = rows[^1].Bytes;
        rows.Add(("  of it: the engine's judgement (WorkflowInputSchema.Judge: the schema evaluated, the input's text; passed with the start, round 61)", await MeasureAsync(count, i =>
        {
            WorkflowInputSchema.Judge(workflow, inputs[i]);
            return Task.CompletedTask;
        })));
        var judgement = rows[^1].Bytes;
        // Round 62: the server's own checks beside the schema, split (reported, not judged): JourneyInputValidator's walk of the
        // fields' formats and its masked-credential pass (SecretValues.MaskedPaths), and the customer id's rule.
        rows.Add(("  of it: JourneyInputValidator.Validate (the fields' formats and the masked-credential pass)", await MeasureAsync(count, i =>
        {
            JourneyInputValidator.Validate(inputs[i]);
            return Task.CompletedTask;
        })));
        var validator = rows[^1].Bytes;
        rows.Add(("    of which the masked-credential pass (SecretValues.MaskedPaths over the input)", await MeasureAsync(count, i =>
        {
            foreach (var _ in SecretValues.MaskedPaths(inputs[i], ""))
            {
            }

            return Task.CompletedTask;
        })));
        var masked = rows[^1].Bytes;
        rows.Add(("    of which the walk of the fields' formats (Validate less the masked pass)", validator - masked));
        rows.Add(("  of it: the customer id's rule (InstancesApi.CustomerId, KeyValues.Problem)", await MeasureAsync(count, i =>
        {
            var (_, id) = CustomerIdOf(workflow, inputs[i]);
            _ = id is null ? null : KeyValues.Problem(id);
            return Task.CompletedTask;
        })));
        var customerId = rows[^1].Bytes;
        rows.Add(("  of it: the rest of InputErrors (the errors' dictionary)", inputErrors - judgement - validator - customerId));
        var splitRows = 5;
        rows.Add(("the key in the partner's namespace (PartnerScope.StoredIdempotencyKey)", await MeasureAsync(count, i =>
        {
            PartnerScope.StoredIdempotencyKey(User, Key("a", i));
            return Task.CompletedTask;
        })));
        var stored = Enumerable.Range(0, n).Select(i => PartnerScope.StoredIdempotencyKey(User, Key("b", i))).ToArray();
        rows.Add(("the key's hash, once (IdempotencyKeys.Hash; a start computes it three times: look-up, tombstone, insert)", await MeasureAsync(count, i =>
        {
            IdempotencyKeys.Hash(stored[i]);
            return Task.CompletedTask;
        })));
        rows.Add(("idempotency look-up, a miss (WorkflowClient.FindByIdempotencyKeyAsync: its hash, a pooled read)", await MeasureAsync(count, async i =>
        {
            await engine.Client.FindByIdempotencyKeyAsync(stored[i]);
        })));
        rows.Add(("tombstone look-up, a miss (WorkflowClient.FindIdempotencyTombstoneAsync: its hash, a pooled read)", await MeasureAsync(count, async i =>
        {
            await engine.Client.FindIdempotencyTombstoneAsync(stored[i]);
        })));
        // Round 61: the engine takes the handler's judgement (StartOptions.JudgedInput) and neither evaluates the schema again nor
        // takes the input's text again; the judgements are made here, outside the measurements, as the handler's check makes them.
        var judgements = inputs.Select(input => WorkflowInputSchema.Judge(workflow, input)).ToArray();
        var texts = inputs.Select(i => i.ToJsonString()).ToArray();
        rows.Add(("payload protection (Protect of the input and of the outputs' {}, in the store's insert)", await MeasureAsync(count, i =>
        {
            protector.Protect(texts[i]);
            protector.Protect("{}");
            return Task.CompletedTask;
        })));
        var protect = rows[^1].Bytes;
        var audit = new AuditTrail(engine.Client, TimeProvider.System, new HttpContextAccessor(), NullLogger<AuditTrail>.Instance);
        rows.Add(("the audit entry (AuditTrail.StartEntry: the entry, its data, its origin)", await MeasureAsync(count, i =>
        {
            audit.StartEntry(User, _ => { })(WorkflowId, "i" + i.ToString(CultureInfo.InvariantCulture), 1);
            return Task.CompletedTask;
        })));
        rows.Add(("WorkflowClient.StartAsync whole, with the handler's judgement (the protection and audit rows above, the record, its journal entry, the key's hash, the store's commit)", await MeasureAsync(count, async i =>
        {
            await engine.Client.StartAsync(WorkflowId, inputs[i], new StartOptions
            {
                CorrelationId = "c" + i.ToString(CultureInfo.InvariantCulture), IdempotencyKey = PartnerScope.StoredIdempotencyKey(User, Key("c", i)),
                StartedBy = "bench-partner", Partner = Partner, JudgedInput = judgements[i],
            });
        })));
        var engineStart = rows[^1].Bytes;
        rows.Add(("  of it: the store's insert commit (CreateInstanceAsync less protection: queue, writer, the three INSERTs, COMMIT)", await MeasureAsync(count, async i =>
        {
            var now = DateTimeOffset.FromUnixTimeMilliseconds(TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds());
            var id = "d" + i.ToString("D31", CultureInfo.InvariantCulture);
            var record = new InstanceRecord
            {
                Id = id, WorkflowId = WorkflowId, WorkflowVersion = 1, Status = WorkflowStatus.Running, InputJson = texts[i], VariablesJson = "{}",
                OutputsJson = "{}", HistoryJson = "[]", CurrentStepId = "start", Attempt = 1, ReadyAt = now, CreatedAt = now, UpdatedAt = now, Partner = Partner,
            };
            var started = new JournalRecord(0, id, now, JournalKinds.InstanceStarted, null, null, "{}");
            await engine.Store.CreateInstanceAsync(record, started, null, default);
        }) - protect));
        Console.WriteLine("| stage (each run alone) | bytes per start |");
        Console.WriteLine("| --- | ---: |");
        foreach (var (stage, bytes) in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {stage} | {bytes:F0} |"));
        }

        // The handler's own stages: the top-level rows between the request and the protection row (the indented rows are parts of one).
        var handlerOwn = rows.Skip(1).Take(7 + splitRows).Where(r => !r.Stage.StartsWith("  ", StringComparison.Ordinal)).Sum(r => r.Bytes);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| the rest of the handler (results, the summary view, the audit's log line, state machines; whole less the request, the handler's stages and the engine's start) | {whole - harness - handlerOwn - engineStart:F0} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| **the handler, whole (as measured above; the bench's request included)** | **{whole:F0}** |"));
    }

    private static async Task<double> MeasureAsync(int count, Func<int, Task> stage)
    {
        // Warmed on indices past count: a stage that starts journeys must not run a key twice.
        for (var i = 0; i < WarmUp; i++)
        {
            await stage(count + i);
        }

        var before = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < count; i++)
        {
            await stage(i);
        }

        return (GC.GetTotalAllocatedBytes(precise: true) - before) / (double)count;
    }

    private static string Key(string stage, int i) => string.Create(CultureInfo.InvariantCulture, $"stage-{stage}-{i}");

    // The personal loan's sample input with its own customer id, as bytes (what the server receives).
    private static byte[] Body(JsonObject sample, string run, int index)
    {
        var input = sample.DeepClone().AsObject();
        input["customerId"] = string.Create(CultureInfo.InvariantCulture, $"BENCH-{run}-{index}");
        return Encoding.UTF8.GetBytes(input.ToJsonString());
    }

    private static HttpRequest Request(byte[] body)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Path = "/api/workflows/" + WorkflowId + "/instances";
        context.Request.ContentType = "application/json; charset=utf-8";
        context.Request.ContentLength = body.Length;
        context.Request.Body = new MemoryStream(body, writable: false);
        context.User = User;
        return context.Request;
    }

    private static StartEngine Engine(string root, string name, IPayloadProtector protector, Action<string>? observer)
    {
        var definitions = Directory.CreateDirectory(Path.Combine(root, name + "-definitions")).FullName;
        File.Copy(Path.Combine(BenchProcess.RepositoryRoot, "workflows", WorkflowId + ".json"), Path.Combine(definitions, WorkflowId + ".json"), overwrite: true);
        var services = TracedEngine.Services(root, name, definitions, protector, observer);
        services.AddLogging();
        services.AddJourneyActivities(new ConfigurationBuilder().AddInMemoryCollection(JourneysBench.LenderSettings(new Uri("http://127.0.0.1:9/"))).Build());
        return new StartEngine(services.BuildServiceProvider());
    }

    private sealed class StartEngine : IAsyncDisposable
    {
        private readonly ServiceProvider _services;
        private readonly HttpContextAccessor _http = new();
        private readonly AuditTrail _audit;

        public StartEngine(ServiceProvider services)
        {
            _services = services;
            Client = services.GetRequiredService<IWorkflowClient>();
            Initializer = services.GetRequiredService<EngineInitializer>();
            Catalog = services.GetRequiredService<WorkflowDefinitionCatalog>();
            Store = services.GetRequiredService<IWorkflowStore>();
            _audit = new AuditTrail(Client, TimeProvider.System, _http, NullLogger<AuditTrail>.Instance);
        }

        public IWorkflowClient Client { get; }

        public EngineInitializer Initializer { get; }

        public WorkflowDefinitionCatalog Catalog { get; }

        public IWorkflowStore Store { get; }

        public async Task StartAsync(byte[] body, string key)
        {
            var request = Request(body);
            _http.HttpContext = request.HttpContext;
            var result = await Start(WorkflowId, null, key, null, request, User, Client, Initializer, Catalog, _audit, Limits, default);
            if (result.Result is not Accepted<InstanceSummaryView>)
            {
                throw new InvalidOperationException($"start not accepted: {(result.Result as ProblemHttpResult)?.ProblemDetails.Detail ?? result.Result.ToString()}");
            }
        }

        public ValueTask DisposeAsync() => _services.DisposeAsync();
    }
}
