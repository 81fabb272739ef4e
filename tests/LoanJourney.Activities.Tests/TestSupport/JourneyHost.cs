using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using LoanJourney.Activities.Journey;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Runtime;
using LoanJourney.Engine.Storage;
using LoanJourney.Lenders.Common;
using LoanJourney.Lenders.FinBoxSourcing;
using LoanJourney.Sandbox;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LoanJourney.Activities.Tests.TestSupport;

/// <summary>
/// One in-process world per test class: the real engine on a temp SQLite file with the real workflows/*.json, the real
/// sandbox on Kestrel (127.0.0.1:0), the real lender clients pointed at it, our activities, and webhook endpoints that do
/// what the server does (parse, key via <see cref="WebhookKeys"/>, derive the event id, deliver to the engine).
/// </summary>
public class JourneyHost : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "lj-activities-" + Guid.NewGuid().ToString("N"));
    private WebApplication? _app;

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Extra configuration for a test class's world (e.g. manual v1 webhooks).</summary>
    protected virtual IDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>();

    public IWorkflowClient Client => _app!.Services.GetRequiredService<IWorkflowClient>();

    public IWorkflowStore Store => _app!.Services.GetRequiredService<IWorkflowStore>();

    public HttpClient Http { get; } = new();

    internal AnswerDropper Dropper { get; } = new();

    /// <summary>The engine's SQLite file (its -wal beside it).</summary>
    public string DatabasePath => Path.Combine(_directory, "engine.db");

    public async Task InitializeAsync()
    {
        var address = new ServerAddress();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Engine:PollInterval"] = "00:00:00.030",
            ["Sandbox:ProcessingPolls"] = "1",
            ["Sandbox:KycActionPendingPolls"] = "2",
            ["Sandbox:WebhookStepDelay"] = "00:00:00.040",
            ["Sandbox:PartnerCallbackDelay"] = "00:00:00.050",
            ["Sandbox:WebhookRetryBaseDelay"] = "00:00:00.100",
            ["Sandbox:RandomSeed"] = "7",
        });
        builder.Configuration.AddInMemoryCollection(Settings);
        // acme's own partner API (Lenders:Partners:acme) is the sandbox's too: a partner's journey calls only its partner's API.
        foreach (var lender in new[] { LenderNames.FinBoxPrism, LenderNames.FinBoxSourcing, LenderNames.CapitalFloat, LenderNames.Partner, LenderNames.PartnerOf("acme") })
        {
            builder.Configuration[$"Lenders:{lender}:BaseUrl"] = "http://placeholder.invalid/";
            builder.Configuration[$"Lenders:{lender}:ApiKey"] = "test-key";
            builder.Configuration[$"Lenders:{lender}:Authorization"] = "test-token";
            builder.Configuration[$"Lenders:{lender}:RetryBaseDelay"] = "00:00:00.050";
            builder.Configuration[$"Lenders:{lender}:Timeout"] = "00:00:10";
            builder.Services.PostConfigure<LenderOptions>(lender, o => o.BaseUrl = address.Value);
            builder.Services.AddHttpClient(lender).AddHttpMessageHandler(() => new AnswerDroppingHandler(Dropper));
        }

        builder.Services.AddLenderSandbox(builder.Configuration);
        // The sandbox follows the address Kestrel bound (its options are read when its state is created, before the start).
        builder.Configuration["Sandbox:WebhookPath"] = "/webhooks/finbox";
        builder.Services.AddLoanJourneyEngine(o =>
        {
            o.DatabasePath = DatabasePath;
            o.DefinitionsDirectory = RepoPaths.CopyDefinitions(Path.Combine(_directory, "workflows"));
            o.FailOnDefinitionErrors = true;
            o.MinPollInterval = TimeSpan.FromMilliseconds(20);
            o.MaxPollInterval = TimeSpan.FromMilliseconds(200);
            o.NodeId = "activities-tests";
        });
        builder.Services.AddJourneyActivities(builder.Configuration);
        builder.Services.PostConfigure<JourneyOptions>(o => o.PublicBaseUrl = address.Value);

        _app = builder.Build();
        _app.MapLenderSandbox();
        _app.MapPost("/webhooks/finbox", ReceiveFinBoxAsync);
        _app.MapPost("/webhooks/partner/handshake", ReceiveHandshakeAsync);
        await _app.StartAsync();
        BaseUrl = new Uri(_app.Urls.First() + "/");
        address.Value = BaseUrl;
        Http.BaseAddress = BaseUrl;
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // a temp directory left behind is harmless
        }
    }

    /// <summary>Starts an instance and waits until it completes (or faults, or is cancelled).</summary>
    public async Task<WorkflowInstance> RunAsync(string workflowId, JsonNode input, TimeSpan? timeout = null)
    {
        var started = await Client.StartAsync(workflowId, input);
        return await WaitAsync(started.Id, i => i.Status is WorkflowStatus.Completed or WorkflowStatus.Faulted or WorkflowStatus.Cancelled, timeout);
    }

    /// <summary>Polls the instance until <paramref name="until"/> holds; fails with the instance's state at the deadline.</summary>
    public async Task<WorkflowInstance> WaitAsync(string instanceId, Func<WorkflowInstance, bool> until, TimeSpan? timeout = null)
    {
        var deadline = TimeProvider.System.GetUtcNow() + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var instance = await Client.GetInstanceAsync(instanceId);
            if (until(instance))
            {
                return instance;
            }

            if (TimeProvider.System.GetUtcNow() > deadline)
            {
                throw new TimeoutException($"Instance {instanceId} at step {instance.CurrentStepId} ({instance.Status}), incident: {instance.Incident?.Message}; waiting for {string.Join(", ", instance.Bookmarks.Select(b => $"{b.Kind}:{b.Name}"))}");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Waits until the instance's journal has an entry matching <paramref name="match"/>.</summary>
    public async Task<JournalEntry> WaitForJournalAsync(string instanceId, Func<JournalEntry, bool> match)
    {
        var deadline = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(20);
        while (true)
        {
            if ((await JournalAsync(instanceId)).FirstOrDefault(match) is { } entry)
            {
                return entry;
            }

            if (TimeProvider.System.GetUtcNow() > deadline)
            {
                throw new TimeoutException($"No matching journal entry for instance {instanceId}.");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Waits until the instance waits on signal <paramref name="signal"/>.</summary>
    public Task<WorkflowInstance> WaitForSignalAsync(string instanceId, string signal) =>
        WaitAsync(instanceId, i => i.Bookmarks.Any(b => b.Kind == Engine.Activities.BookmarkKind.Signal && b.Key == signal));

    /// <summary>Whether <paramref name="text"/> appears anywhere in the engine's database files (main file and WAL).</summary>
    public bool DatabaseContains(string text)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        foreach (var file in Directory.EnumerateFiles(_directory, "engine.db*"))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            if (memory.ToArray().AsSpan().IndexOf(needle) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    public async Task<JsonNode> GetJsonAsync(string path) =>
        JsonNode.Parse(await Http.GetStringAsync(path)) ?? throw new InvalidOperationException("empty answer from " + path);

    /// <summary>Replaces the sandbox's faults (PUT /sandbox/faults); an empty object clears them.</summary>
    public async Task SetFaultsAsync(JsonObject faults)
    {
        using var response = await Http.PutAsJsonAsync("sandbox/faults", faults);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The sandbox's money-moving call counts for a customer or app.</summary>
    public async Task<int> CounterAsync(string id, string operation) =>
        (await GetJsonAsync("sandbox/counters/" + Uri.EscapeDataString(id)))[operation]?.GetValue<int>() ?? 0;

    /// <summary>The token shares the sandbox partner received for a verified customer reference.</summary>
    public async Task<IReadOnlyList<JsonNode>> TokenSharesAsync(string verifiedCustomerRefId) =>
        (await GetJsonAsync("sandbox/partner/token-shares")).AsArray()
            .Where(s => FindString(s, "verified_customer_ref_id") == verifiedCustomerRefId)
            .Select(s => s!)
            .ToList();

    public async Task<IReadOnlyList<JournalEntry>> JournalAsync(string instanceId) =>
        (await Client.ReadJournalAsync(instanceId, 0, 1000)).Items;

    private static string? FindString(JsonNode? node, string name) => node switch
    {
        JsonObject o when o[name] is JsonValue v => v.ToString(),
        JsonObject o => o.Select(p => FindString(p.Value, name)).FirstOrDefault(s => s is not null),
        _ => null,
    };

    // What the server's POST /webhooks/finbox does: parse, key, derive the event id, deliver to the durable inbox.
    private static async Task<IResult> ReceiveFinBoxAsync(HttpRequest request, IWorkflowClient client)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        if (!SourcingWebhook.TryParse(body, out var payload) || payload is null)
        {
            return Results.BadRequest();
        }

        await client.DeliverWebhookAsync(WebhookKeys.FinBoxEvent(payload.CustomerID!, payload.EventType!), JsonNode.Parse(body), SourcingWebhook.DeriveEventId(payload));
        return Results.Accepted();
    }

    // What the server's POST /webhooks/partner/handshake does: key by our handshake id.
    private static async Task<IResult> ReceiveHandshakeAsync(HttpRequest request, IWorkflowClient client)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var node = JsonNode.Parse(body);
        if (node?["handshake_id"]?.GetValue<string>() is not { Length: > 0 } handshakeId)
        {
            return Results.BadRequest();
        }

        var eventId = "hs-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)));
        await client.DeliverWebhookAsync(WebhookKeys.PartnerHandshake(handshakeId), node, eventId);
        return Results.Accepted();
    }

    private sealed class ServerAddress
    {
        public Uri Value { get; set; } = new("http://127.0.0.1:1/");
    }
}
