using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LoanJourney.Activities;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Runtime;
using LoanJourney.Engine.Storage;
using LoanJourney.Engine.Storage.Sqlite;
using LoanJourney.Lenders.Common;
using LoanJourney.Lenders.FinBoxSourcing;
using LoanJourney.Server.Hosting;
using LoanJourney.Server.Http;
using LoanJourney.Server.Webhooks;
using LoanJourney.Server.Workflows.Design.TestRuns;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption.ConfigurationModel;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Serilog.Extensions.Hosting;

namespace LoanJourney.Bench;

/// <summary>
/// What an accepted webhook allocates in the server (round 50): <c>count</c> FinBox v1 webhooks through the server's own handler
/// (<c>WebhooksApi.FinBoxAsync</c>: the body read, parsed, its fields, event id and keys, then
/// <c>WorkflowClient.DeliverWebhookJsonAsync</c> and the store's inbox commit), each awaited, one in five an exact duplicate
/// of the one before (as <c>ingest</c> posts), on a SQLite file (synchronous FULL) with the server's payload protector (Data
/// Protection, AES-256-GCM keys, the server's purpose), after 500 to warm up. Each webhook is its own commit (awaited one by
/// one), so the figure does not depend on how a group commit happened to batch. Prints the bytes allocated by the whole
/// process per webhook (<c>GC.GetTotalAllocatedBytes(precise: true)</c>: the store's writer thread included), the process's
/// CPU per webhook, the statements per webhook (a second store traced by its statement observer), and the same bytes split
/// by stage (each stage run alone <c>count</c> times). The HTTP server's own work (Kestrel, routing, the request log) is not
/// in it: a no-op GET pays that too. Runs in the bench process: a before/after runs each side's own build of the bench.
/// </summary>
internal static class WebhooksBench
{
    private const int WarmUp = 500;
    private const int Traced = 20;
    private const int DuplicateEvery = 5;

    public static async Task RunAsync(string root, int count)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"webhooks: {count} FinBox webhooks through the server's handler after {WarmUp}, 1 in {DuplicateEvery} a duplicate, each awaited; SQLite synchronous FULL, Data Protection payloads; nproc {Environment.ProcessorCount}, load average {Latencies.LoadAverage()}"));
        var protector = TracedEngine.ServerProtector(root);

        var statements = new ConcurrentQueue<string>();
        await using (var traced = Engine(root, "traced", protector, statements.Enqueue))
        {
            await DeliverAsync(traced, "warm", 0);
            statements.Clear();
            for (var i = 0; i < Traced; i++)
            {
                await DeliverAsync(traced, "traced", i);
            }
        }

        var perWebhook = statements.GroupBy(s => s.Length > 48 ? s[..48] : s)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Count() / (double)Traced:0.##} × {g.Key}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"statements per webhook (of {Traced} traced, {Traced / DuplicateEvery} of them duplicates): {string.Join(" | ", perWebhook)}"));

        await using var engine = Engine(root, "webhooks", protector, null);
        for (var i = 0; i < WarmUp; i++)
        {
            await DeliverAsync(engine, "warm", i);
        }

        // The bodies as the bench posts them, made before the measured loop (the server receives them; it does not build them).
        var bodies = Enumerable.Range(0, count).Select(i => Encoding.UTF8.GetBytes(Body("run", i % DuplicateEvery == DuplicateEvery - 1 ? i - 1 : i))).ToArray();
        // LJ_BENCH_ALLOCTYPES=1: the runtime's allocation samples by type over the measured part (costs a little CPU; round 59).
        using var types = Environment.GetEnvironmentVariable("LJ_BENCH_ALLOCTYPES") == "1" ? new AllocationTypes() : null;
        var ((allocated, cpuUs, wall), _) = await ProcessCost.MeasureAsync(async () =>
        {
            for (var i = 0; i < count; i++)
            {
                await DeliverAsync(engine, bodies[i]);
            }

            return 0;
        }, types);
        var bytes = allocated / (double)count;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"allocated {bytes:F0} bytes per webhook, CPU {cpuUs / count:F0} µs per webhook, wall {wall.TotalMicroseconds / count:F0} µs per webhook; load average {Latencies.LoadAverage()}"));
        types?.Print(30, count, "webhook");
        await StagesAsync(engine, protector, count, bytes);
    }

    // The handler's stages, each run alone count times (same bodies, same order), bytes per webhook; "the rest" is the whole
    // handler's figure less the stages (its results, the diagnostic context's properties, the state machines between them).
    private static async Task StagesAsync(WebhookEngine engine, DataProtectionPayloadProtector protector, int count, double whole)
    {
        var bodies = Enumerable.Range(0, count).Select(i => Encoding.UTF8.GetBytes(Body("stage", i))).ToArray();
        var raws = new byte[count][];
        var parsed = bodies.Select(b => { WebhookBody.TryParse(b, out var body); return body!; }).ToArray();
        var payloads = parsed.Select(b => { SourcingWebhook.TryRead(b.Root, out var p, out _); return p!; }).ToArray();
        var texts = parsed.Select(b => b.Text).ToArray();
        var rows = new List<(string Stage, double Bytes)>();

        rows.Add(("the request as the bench builds it (DefaultHttpContext, body stream): not the server's", await MeasureAsync(count, i =>
        {
            Request(bodies[i]);
            return Task.CompletedTask;
        })));
        var harness = rows[^1].Bytes;
        rows.Add(("body read (JsonBody.ReadRawAsync: the byte[])", await MeasureAsync(count, async i =>
        {
            raws[i] = (await JsonBody.ReadRawAsync(Request(bodies[i]), Limits.Default, default)).Raw;
        }) - harness));
        rows.Add(("body parse (WebhookBody.TryParse: UTF-8 check, JsonDocument; disposed)", await MeasureAsync(count, i =>
        {
            WebhookBody.TryParse(raws[i], out var body);
            body!.Dispose();
            return Task.CompletedTask;
        })));
        rows.Add(("field reads (Required, SourcingWebhook.TryRead)", await MeasureAsync(count, i =>
        {
            parsed[i].Required("customerID", "eventType");
            SourcingWebhook.TryRead(parsed[i].Root, out _, out _);
            return Task.CompletedTask;
        })));
        rows.Add(("event id (SourcingWebhook.DeriveEventId)", await MeasureAsync(count, i =>
        {
            SourcingWebhook.DeriveEventId(payloads[i]);
            return Task.CompletedTask;
        })));
        rows.Add(("keys (WebhookKeys.FinBoxEvent; log key: PrivacyHash.Of, Pii.ScrubText)", await MeasureAsync(count, i =>
        {
            WebhookKeys.FinBoxEvent(payloads[i].CustomerID!, payloads[i].EventType!);
            WebhookKeys.FinBoxEvent(PrivacyHash.Of(payloads[i].CustomerID!), Pii.ScrubText(payloads[i].EventType!));
            return Task.CompletedTask;
        })));
        rows.Add(("inbox key's stored form (InboxKeys.Stored: the customer id hashed, in WorkflowClient.DeliverWebhookJsonAsync)", await MeasureAsync(count, i =>
        {
            InboxKeys.Stored(WebhookKeys.FinBoxEvent(payloads[i].CustomerID!, payloads[i].EventType!));
            return Task.CompletedTask;
        }) - await MeasureAsync(count, i =>
        {
            WebhookKeys.FinBoxEvent(payloads[i].CustomerID!, payloads[i].EventType!);
            return Task.CompletedTask;
        })));
        var storedKey = rows[^1].Bytes;
        rows.Add(("body as text (WebhookBody.Text, what the inbox stores)", await MeasureAsync(count, i =>
        {
            _ = parsed[i].Text;
            return Task.CompletedTask;
        })));
        rows.Add(("payload protection (Data Protection Protect, in the store's DeliverWebhookAsync)", await MeasureAsync(count, i =>
        {
            protector.Protect(texts[i]);
            return Task.CompletedTask;
        })));
        var protect = rows[^1].Bytes;
        var ids = payloads.Select(SourcingWebhook.DeriveEventId).ToArray();
        var store = engine.Services.GetRequiredService<IWorkflowStore>();
        rows.Add(("the store's inbox commit (SqliteWorkflowStore.DeliverWebhookAsync less the protection: queue, writer, statements, commit)", await MeasureAsync(count, async i =>
        {
            var at = i % DuplicateEvery == DuplicateEvery - 1 ? i - 1 : i;
            await store.DeliverWebhookAsync("s" + ids[at], WebhookKeys.FinBoxEvent(payloads[at].CustomerID!, payloads[at].EventType!), texts[at], null,
                TimeProvider.System.GetUtcNow(), default);
        }) - protect));
        var client = engine.Services.GetRequiredService<IWorkflowClient>();
        var beforeClient = rows[^1].Bytes + protect;
        rows.Add(("WorkflowClient.DeliverWebhookJsonAsync around the store (initialized check, telemetry; the key's stored form is its own row)", await MeasureAsync(count, async i =>
        {
            var at = i % DuplicateEvery == DuplicateEvery - 1 ? i - 1 : i;
            await client.DeliverWebhookJsonAsync(WebhookKeys.FinBoxEvent(payloads[at].CustomerID!, payloads[at].EventType!), texts[at], "c" + ids[at]);
        }) - beforeClient - storedKey));
        foreach (var body in parsed)
        {
            body.Dispose();
        }

        var stages = rows.Skip(1).Sum(r => r.Bytes);
        rows.Add(("the rest of the handler (results, diagnostic context, state machines, ids' strings above)", whole - harness - stages));
        // Not in the handler's run above (its source is unverified, as `ingest`'s server runs it): what a secret and an HMAC
        // signature cost when the source verifies (WebhookVerifier.Verify), the request's headers built beforehand.
        var verified = new WebhookOptions { Secret = VerifySecret };
        var signed = bodies.Select(b =>
        {
            var request = Request(b);
            request.Headers[WebhookVerifier.SecretHeader] = VerifySecret;
            request.Headers[WebhookVerifier.SignatureHeader] = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(VerifySecret), b));
            return request;
        }).ToArray();
        rows.Add(("(not in the whole) verification with a secret and a signature (WebhookVerifier.Verify)", await MeasureAsync(count, i =>
        {
            if (WebhookVerifier.Verify(signed[i], bodies[i], verified, out _) is { } reason)
            {
                throw new InvalidOperationException(reason);
            }

            return Task.CompletedTask;
        })));
        Console.WriteLine("| stage (each run alone, same bodies) | bytes per webhook |");
        Console.WriteLine("| --- | ---: |");
        foreach (var (stage, bytes) in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {stage} | {bytes:F0} |"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| **the handler, whole (as measured above; the bench's request included)** | **{whole:F0}** |"));
    }

    private static async Task<double> MeasureAsync(int count, Func<int, Task> stage)
    {
        for (var i = 0; i < Math.Min(count, 200); i++)
        {
            await stage(i);
        }

        var before = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < count; i++)
        {
            await stage(i);
        }

        return (GC.GetTotalAllocatedBytes(precise: true) - before) / (double)count;
    }

    private static readonly BodyLimits Limits = new(1024 * 1024, 16 * 1024 * 1024);
    private static readonly WebhookOptions Options = new() { AllowUnverified = true };
    private static readonly TestRunWebhooks TestRuns = new();
    private const string VerifySecret = "bench-webhook-secret-0123456789abcdef";

    private static Task DeliverAsync(WebhookEngine engine, string run, int index) =>
        DeliverAsync(engine, Encoding.UTF8.GetBytes(Body(run, index % DuplicateEvery == DuplicateEvery - 1 ? index - 1 : index)));

    private static async Task DeliverAsync(WebhookEngine engine, byte[] body)
    {
        using var collection = engine.Diagnostics.BeginCollection();
        var result = await WebhooksApi.FinBoxAsync(null, Request(body), engine.Client, Limits, Options, TestRuns, NullLogger.Instance, engine.Diagnostics, default);
        if (result.Result is not Accepted<WebhookAcceptedView>)
        {
            throw new InvalidOperationException($"webhook not accepted: {result.Result}");
        }
    }

    private static HttpRequest Request(byte[] body)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Path = "/webhooks/finbox";
        context.Request.ContentType = "application/json; charset=utf-8";
        context.Request.ContentLength = body.Length;
        context.Request.Body = new MemoryStream(body, writable: false);
        return context.Request;
    }

    // The ingest bench's body.
    private static string Body(string run, int index) =>
        string.Create(CultureInfo.InvariantCulture,
            $$"""{"customerID":"BENCH-{{run}}-{{index}}","eventType":"LOAN_DISBURSED","entityType":"loan","loanApplicationID":"LA-{{index}}","loggedAt":"2026-01-10T10:00:00Z","journeyType":"PERSONAL_LOAN","source":"bench","eventDescription":"bench event"}""");

    private static WebhookEngine Engine(string root, string name, IPayloadProtector protector, Action<string>? observer)
    {
        var definitions = Directory.CreateDirectory(Path.Combine(root, name + "-definitions")).FullName;
        return new WebhookEngine(TracedEngine.Services(root, name, definitions, protector, observer).BuildServiceProvider());
    }

    private sealed class WebhookEngine(ServiceProvider services) : IAsyncDisposable
    {
        public ServiceProvider Services => services;

        public IWorkflowClient Client { get; } = services.GetRequiredService<IWorkflowClient>();

        public DiagnosticContext Diagnostics { get; } = new(null);

        public ValueTask DisposeAsync() => services.DisposeAsync();
    }
}
