using System.Globalization;
using System.Text.Json.Nodes;
using LoanJourney.Activities.Partner;
using LoanJourney.Engine.Activities;
using LoanJourney.Engine.Definitions;
using LoanJourney.Engine.Design;
using LoanJourney.Engine.Errors;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Runtime;
using LoanJourney.Engine.Storage;
using LoanJourney.Lenders.Common;
using LoanJourney.Sandbox;
using LoanJourney.Server.Instances;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry;

namespace LoanJourney.Server.Workflows.Design.TestRuns;

/// <summary>
/// Runs a draft against the embedded sandbox (docs/api.md, "Test-run a draft"): a throw-away engine with its own SQLite file in
/// a folder of its own under the server's data folder (<see cref="TestRunDirectories"/>), its payloads encrypted with the
/// server's <see cref="IPayloadProtector"/>, the real activities and lender clients pointed at this server's own <c>/sandbox</c> mount whatever
/// <c>Lenders:*</c> says, and an <see cref="AcceleratedTimeProvider"/> so poll intervals, back-offs and re-trigger waits take
/// 1/<see cref="TimeCompression"/> of their time. The real store is only read (the draft, the published definitions a child
/// journey may start, which are copied); the temp store is deleted afterwards.
/// </summary>
internal sealed class DraftTestRunner(
    IServer server,
    SandboxMount sandbox,
    IConfiguration configuration,
    IWorkflowStore realStore,
    WorkflowDefinitionCatalog realCatalog,
    ILoggerFactory loggerFactory,
    IHttpClientFactory httpClients,
    TestRunWebhooks webhooks,
    TestRunDirectories directories,
    IPayloadProtector payloadProtector,
    TimeProvider time,
    IOptions<SandboxOptions> sandboxOptions,
    SandboxWebhookOutlook? webhookOutlook = null)
{
    /// <summary>Simulated seconds per real second.</summary>
    public const int TimeCompression = 60;

    /// <summary>At most this many scenarios per request.</summary>
    public const int MaxScenarios = 20;

    private const string Author = "test-run";
    private readonly ILogger _logger = loggerFactory.CreateLogger<DraftTestRunner>();
    private static readonly TimeSpan SettleHorizon = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan WebhookGrace = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan WebhookStall = TimeSpan.FromSeconds(30);
    // The name the polling activities give their poll timer (the FinBox v1 eligibility and follow steps, LenderResultMapping).
    private const string PollTimer = "poll";
    private static readonly string[] LenderSections = ["FinBoxPrism", "FinBoxSourcing", "CapitalFloat", "Partner"];

    /// <summary>The whole run's real time limit (<c>Design:TestRunTimeLimit</c>, default 2 minutes); scenarios not finished by then are reported so.</summary>
    public TimeSpan TimeLimit { get; } = configuration.GetValue("Design:TestRunTimeLimit", TimeSpan.FromMinutes(2));

    /// <summary>This server's own base URL for the sandbox, or null when it is not listening on a known address.</summary>
    public Uri? SandboxBaseUrl()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses;
        var address = addresses?.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) ?? addresses?.FirstOrDefault();
        if (address is null)
        {
            return null;
        }

        address = address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal).Replace("://[::]", "://localhost", StringComparison.Ordinal);
        return Uri.TryCreate(address.TrimEnd('/') + sandbox.Path, UriKind.Absolute, out var uri) ? uri : null;
    }

    /// <summary>
    /// Runs <paramref name="definition"/> (the draft, as the endpoint parsed and checked it) per scenario; the report, or, when the
    /// run's own engine cannot publish the draft (an activity the server registers and a test run does not), why.
    /// </summary>
    public async Task<TestRunOutcome> RunAsync(string workflowId, DraftRecord draft, JsonObject definition, IReadOnlyList<TestRunScenarioRequest> scenarios, JsonObject sample,
        TestRunSignals signals, Uri sandboxUrl, CancellationToken cancellationToken)
    {
        var activities = TestRunScenarios.ActivitiesOf(definition);
        var started = time.GetTimestamp();
        // A test run is the designer's rehearsal, not the server's traffic: no span of its engine, lender calls or HttpClients
        // goes to the server's exporter (the scope flows into the run's host: its dispatcher and timers start under it). Its
        // report is where the run is shown; its metrics are dropped by TelemetrySetup.OwnInstrumentsOnly.
        using var untraced = SuppressInstrumentationScope.Begin();

        // Disposed last (after the host below): the folder goes once the run's store is closed.
        using var directory = directories.Create();
        var clock = new AcceleratedTimeProvider(time, TimeCompression);
        var runId = Path.GetFileName(directory.Path);
        using var runLoggers = new TestRunLoggerFactory(loggerFactory, runId, workflowId);
        using var host = BuildHost(Path.Combine(directory.Path, "testrun.db"), clock, sandboxUrl, runId, runLoggers);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeLimit);
        var webhookRoutes = new List<IDisposable>();
        try
        {
            await host.StartAsync(cancellationToken);
            var services = host.Services;
            await services.GetRequiredService<EngineInitializer>().EnsureInitializedAsync(cancellationToken);
            if (await CopyDefinitionsAsync(services.GetRequiredService<DefinitionDesigner>(), workflowId, definition, cancellationToken) is { Count: > 0 } unrunnable)
            {
                TestRunLog.DraftNotRunnable(_logger, workflowId, draft.Revision, unrunnable.Count);
                return new TestRunOutcome(null, unrunnable);
            }

            var client = services.GetRequiredService<IWorkflowClient>();
            webhookRoutes.Add(webhooks.RouteRun(client, services.GetRequiredService<IWorkflowStore>()));
            using var inboxClient = httpClients.CreateClient(SandboxOtpInbox.HttpClientName);
            var runLogger = runLoggers.CreateLogger<DraftTestRunner>();
            var signaller = new TestRunSignaller(client, services.GetRequiredService<IWorkflowStore>(), services.GetRequiredService<WorkflowDefinitionCatalog>(),
                new SandboxOtpInbox(inboxClient, sandboxUrl), signals, runLogger);
            var preparation = TestRunPreparation.For(activities, inboxClient, sandboxUrl, runId);
            var runs = new List<ScenarioRun>();
            foreach (var scenario in scenarios)
            {
                runs.Add(await StartAsync(client, workflowId, scenario, sample, preparation, webhookRoutes, runLogger, cancellationToken));
            }

            var timedOut = await WaitAsync(client, signaller, clock, runs, limit.Token, cancellationToken);
            var results = new List<ScenarioRunView>();
            foreach (var run in runs)
            {
                results.Add(await ReportAsync(client, services.GetRequiredService<IWorkflowStore>(), services.GetRequiredService<TestRunStepOutputs>(), run, cancellationToken));
            }

            var elapsed = Ms(time.GetElapsedTime(started));
            var settled = runs.Count(r => r.Done);
            TestRunLog.Completed(_logger, workflowId, draft.Revision, settled, runs.Count, elapsed, timedOut);
            return new TestRunOutcome(new TestRunView(workflowId, draft.Revision, TimeCompression, timedOut, elapsed, results), []);
        }
        finally
        {
            webhookRoutes.ForEach(r => r.Dispose());
            await host.StopAsync(CancellationToken.None);
            host.Dispose();
        }
    }

    private IHost BuildHost(string databasePath, AcceleratedTimeProvider clock, Uri sandboxUrl, string runId, ILoggerFactory runLoggers)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "TestRun" });
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Journeys:PublicBaseUrl"] = sandboxUrl.GetLeftPart(UriPartial.Authority),
            ["Engine:PollInterval"] = configuration["Engine:PollInterval"],
        };
        var keys = new Dictionary<string, (string Header, string? Key)>(StringComparer.Ordinal)
        {
            ["FinBoxPrism"] = ("ApiKey", configuration["Sandbox:ApiKeys:FinBoxV2"]),
            ["FinBoxSourcing"] = ("ApiKey", configuration["Sandbox:ApiKeys:FinBoxV1"]),
            ["CapitalFloat"] = ("Authorization", configuration["Sandbox:ApiKeys:CapitalFloat"]),
            ["Partner"] = ("Authorization", configuration["Sandbox:ApiKeys:Partner"]),
        };
        foreach (var lender in LenderSections)
        {
            var (header, key) = keys[lender];
            settings[$"Lenders:{lender}:BaseUrl"] = sandboxUrl.AbsoluteUri;
            settings[$"Lenders:{lender}:{header}"] = string.IsNullOrEmpty(key) ? "sandbox-test-run" : key;

            // Lender time-outs are timers of the accelerated clock too: scaled up so that in real time they stay the defaults.
            settings[$"Lenders:{lender}:Timeout"] = (TimeSpan.FromSeconds(30) * TimeCompression).ToString("c", CultureInfo.InvariantCulture);
            settings[$"Lenders:{lender}:TotalTimeout"] = (TimeSpan.FromSeconds(120) * TimeCompression).ToString("c", CultureInfo.InvariantCulture);
        }

        if (configuration["Lenders:Partner:TokenSharePath"] is { Length: > 0 } sharePath)
        {
            settings["Lenders:Partner:TokenSharePath"] = sharePath;
        }

        builder.Configuration.AddInMemoryCollection(settings);
        // The run's events go to the server's sinks, marked as the run's and never above Information (TestRunLoggerFactory).
        builder.Services.Replace(ServiceDescriptor.Singleton(runLoggers));
        // Not "Application started. Press Ctrl+C to shut down." in the server's log at every run: the run's host is not an application.
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.Services.AddSingleton<TimeProvider>(clock);

        // The run's input is the borrower data an operator pasted (PAN, mobile, email): encrypted at rest like the real store's.
        builder.Services.AddSingleton(payloadProtector);
        builder.Services.AddLoanJourneyEngine(o =>
        {
            o.DatabasePath = databasePath;
            o.DefinitionsDirectory = null;
            o.Synchronous = "NORMAL";
            o.NodeId = "test-run-" + Guid.NewGuid().ToString("N");
            o.MaxConcurrency = 4;

            // Engine spans are simulated time: scaled so that in real time they stay what a node uses.
            o.MinPollInterval = TimeSpan.FromMilliseconds(50) * TimeCompression;
            o.MaxPollInterval = TimeSpan.FromMilliseconds(500) * TimeCompression;
            o.LeaseDuration = TimeSpan.FromMinutes(2) * TimeCompression;
            o.InMemoryTimerHorizon = TimeSpan.FromSeconds(5) * TimeCompression;
            o.SensitiveSignalClaimTimeout = TimeSpan.FromSeconds(2) * TimeCompression;
        });
        builder.Services.AddJourneyActivities(builder.Configuration);
        // Each step run's own output for the report (a step run twice keeps one value in the store).
        builder.Services.AddSingleton<TestRunStepOutputs>();
        builder.Services.AddSingleton<IStepOutputObserver>(sp => sp.GetRequiredService<TestRunStepOutputs>());

        // Every lender call says it is a test run's, so that the sandbox counts its blocks, tranches and disbursals apart from
        // real journeys' (GET /sandbox/counters shows these only with ?testRuns=true).
        builder.Services.ConfigureHttpClientDefaults(http => http.ConfigureHttpClient(c => c.DefaultRequestHeaders.Add(SandboxTestRuns.Header, runId)));
        return builder.Build();
    }

    // The draft, published as version 1 of the temp store, and the latest published version of every other workflow (a child journey's).
    // Answers why the draft could not be published there (empty when it was): the run's engine registers the journey activities
    // (AddJourneyActivities) and no others, so a draft the server checks valid may name one it lacks.
    private async Task<IReadOnlyList<DefinitionError>> CopyDefinitionsAsync(DefinitionDesigner designer, string workflowId, JsonObject definition,
        CancellationToken cancellationToken)
    {
        foreach (var other in realCatalog.Latest.Where(w => w.Id != workflowId))
        {
            var published = await realStore.GetPublishedAsync(other.Id, cancellationToken);
            // A published version that no longer compiles here is left out: only a child journey of the draft would miss it.
            if (published.Count > 0)
            {
                await PublishAsync(designer, other.Id, JsonNode.Parse(published[^1].Json) as JsonObject ?? [], cancellationToken);
            }
        }

        return await PublishAsync(designer, workflowId, definition, cancellationToken);
    }

    private static async Task<IReadOnlyList<DefinitionError>> PublishAsync(DefinitionDesigner designer, string workflowId, JsonObject definition,
        CancellationToken cancellationToken)
    {
        var saved = await designer.SaveDraftAsync(workflowId, definition, Author, DraftSaveMode.Upsert, null, null, "import", cancellationToken);
        if (!saved.Check.Valid)
        {
            return saved.Check.Errors;
        }

        var outcome = await designer.PublishAsync(workflowId, saved.Result.Revision, Author, cancellationToken);
        return outcome.Status == PublishStatus.Published ? []
            : outcome.Errors.Count > 0 ? outcome.Errors
            : [new DefinitionError(workflowId, workflowId, null, DefinitionErrorCode.InvalidDefinition, $"The test run's engine could not publish the draft ({outcome.Status}).")];
    }

    // Starts the scenario's journey, the FinBox webhooks about its borrower routed to this run's engine (TestRunWebhooks), once the
    // sandbox holds what a journey starting after disbursal presupposes (TestRunPreparation); a failed preparation starts nothing.
    private async Task<ScenarioRun> StartAsync(IWorkflowClient client, string workflowId, TestRunScenarioRequest request, JsonObject sample, TestRunPreparation? preparation,
        List<IDisposable> webhookRoutes, ILogger runLogger, CancellationToken cancellationToken)
    {
        var scenario = request.Key;
        var tag = Guid.NewGuid().ToString("N")[..8];
        var input = TestRunInput.For(sample, scenario, tag);
        var run = new ScenarioRun(scenario, tag, time.GetTimestamp(), request.Deliver);
        try
        {
            // Routed before the start: the journey's first lender call can already make the sandbox send a webhook.
            webhookRoutes.Add(webhooks.RouteCustomer(client, tag));
            if (preparation is not null)
            {
                (run.Prepared, run.Error) = await preparation.PrepareAsync(input, scenario, tag, cancellationToken);
                if (run.Error is not null)
                {
                    TestRunLog.PreparationFailed(runLogger, scenario, run.Error);
                    run.Done = true;
                    return run;
                }
            }

            run.Instance = await client.StartAsync(workflowId, input, null, cancellationToken);
        }
        catch (InputValidationException e)
        {
            run.Error = "The input is invalid for the draft: " + e.Message;
            run.Done = true;
        }

        return run;
    }

    // True when the time limit ended the wait.
    private async Task<bool> WaitAsync(IWorkflowClient client, TestRunSignaller signaller, AcceleratedTimeProvider clock, List<ScenarioRun> runs,
        CancellationToken limit, CancellationToken request)
    {
        while (runs.Any(r => !r.Done))
        {
            if (limit.IsCancellationRequested)
            {
                request.ThrowIfCancellationRequested();
                return true;
            }

            foreach (var run in runs.Where(r => !r.Done))
            {
                run.Instance = await client.GetInstanceAsync(run.Instance!.Id, request);
                if (await signaller.AnswerAsync(run, run.Instance, request))
                {
                    run.Instance = await client.GetInstanceAsync(run.Instance.Id, request);
                }

                // A journey waiting for a signal this run will send is answered on the next poll, not settled.
                var webhookWait = WebhookWaitAge(run, run.Instance);
                if (!signaller.WillAnswer(run, run.Instance)
                    && ((IsSettled(run.Instance, clock.GetUtcNow()) && !(webhookWait < WebhookGrace)) || webhookWait >= WebhookStall || NoWebhookComing(run, clock.GetUtcNow())))
                {
                    run.Done = true;
                    run.Elapsed = time.GetElapsedTime(run.StartedAt);
                }
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), time, limit);
            }
            catch (OperationCanceledException) when (!request.IsCancellationRequested)
            {
            }
        }

        return false;
    }

    // Finished, faulted, or waiting for something this test run does not send (a signal, a webhook) with no timer due within
    // SettleHorizon of simulated time (a wait's time-out, days away, is not waited for).
    private static bool IsSettled(WorkflowInstance instance, DateTimeOffset now) =>
        instance.Status is WorkflowStatus.Completed or WorkflowStatus.Cancelled or WorkflowStatus.Faulted
        || (instance.Status == WorkflowStatus.Waiting && instance.Bookmarks.Any(b => b.Kind != BookmarkKind.Timer)
            && instance.Bookmarks.All(b => b.Kind != BookmarkKind.Timer || b.DueAt is not { } due || due > now + SettleHorizon));

    // How long (real time) the journey has waited for the same webhooks at the same step, or null when it waits for none. The
    // sandbox sends webhooks on the wall clock (a handshake's answer a second later, a FinBox v1 stage every two), and
    // TestRunWebhooks delivers them to this run's engine: such a wait is given WebhookGrace before it counts as settled, and one
    // that polls meanwhile (its timers always due) is settled once no webhook has moved it on for WebhookStall, or, when the
    // embedded sandbox can say, once it has had none to come for the journey for WebhookGrace (NoWebhookComing).
    private TimeSpan? WebhookWaitAge(ScenarioRun run, WorkflowInstance instance)
    {
        var webhooks = instance.Status == WorkflowStatus.Waiting
            ? string.Join('\n', instance.Bookmarks.Where(b => b.Kind == BookmarkKind.Webhook).Select(b => b.StepId + ' ' + b.Key).Order(StringComparer.Ordinal))
            : "";
        if (webhooks.Length == 0)
        {
            run.WebhookWait = null;
            return null;
        }

        if (webhooks != run.WebhookWait)
        {
            run.WebhookWait = webhooks;
            run.WebhookWaitSeenAt = time.GetTimestamp();
            run.NoWebhookToComeSince = null;
        }

        return time.GetElapsedTime(run.WebhookWaitSeenAt);
    }

    // True when the journey waits for webhooks and the sandbox has had none to come for it (about its borrower, the run's tag;
    // for its handshake, hs-<instance id>) for WebhookGrace: in flight when last seen, a webhook has been delivered and taken by
    // then. False, and the WebhookStall fallback, when the sandbox is not in this process to ask, and while a timer other than
    // a poll is due within WebhookStall of real time (a short eligibility time-out being rehearsed): it fires first, as before.
    private bool NoWebhookComing(ScenarioRun run, DateTimeOffset now)
    {
        if (run.WebhookWait is null || webhookOutlook is null || run.Instance is not { } instance
            || instance.Bookmarks.Any(b => b.Kind == BookmarkKind.Timer && b.Name != PollTimer && b.DueAt is { } due
                && due <= now + WebhookStall * TimeCompression))
        {
            return false;
        }

        if (webhookOutlook.AnyToCome(TestRunInput.CustomerTagPrefix + run.Tag, HandshakeActivity.DefaultHandshakeIdPrefix + instance.Id))
        {
            run.NoWebhookToComeSince = null;
            return false;
        }

        run.NoWebhookToComeSince ??= time.GetTimestamp();
        return time.GetElapsedTime(run.NoWebhookToComeSince.Value) >= WebhookGrace;
    }

    private async Task<ScenarioRunView> ReportAsync(IWorkflowClient client, IWorkflowStore store, TestRunStepOutputs stepOutputs, ScenarioRun run,
        CancellationToken cancellationToken)
    {
        var description = TestRunScenarios.Describe(run.Scenario, sandboxOptions.Value);
        if (run.Instance is not { } instance)
        {
            return new ScenarioRunView(run.Scenario, description, false, "NotStarted", null, [], [], 0, [], [], [], [], 0, 0, run.Error, run.Prepared, null);
        }

        var calls = new List<LenderCallView>();
        for (var skip = 0; ; skip += 100)
        {
            var page = await client.ReadJournalAsync(instance.Id, skip, 100, cancellationToken);
            calls.AddRange(page.Items.Where(e => e.Kind == "LenderCall" && e.Data is JsonObject).Select(e => Call(e, (JsonObject)e.Data!)));
            if (page.Items.Count < 100)
            {
                break;
            }
        }

        var finished = instance.Status is WorkflowStatus.Completed or WorkflowStatus.Cancelled or WorkflowStatus.Faulted;
        var incidents = instance.Incident is { } i ? new[] { new TestRunIncidentView(i.Id, i.StepId, i.ErrorKind, i.Message, i.Attempts) } : [];
        var waits = instance.Status == WorkflowStatus.Waiting
            ? instance.Bookmarks.Select(b => new WaitView(b.Kind.ToString(), b.Name, b.StepId)).ToList()
            : [];
        var elapsed = run.Elapsed ?? time.GetElapsedTime(run.StartedAt);
        // Each entry's own output, masked: a step's last entry, completed, shows what the run's store holds for it ($steps.<id>.output);
        // an earlier run of the same step what that run completed with (TestRunStepOutputs, told by the run's engine); an entry that did
        // not complete (waiting, failed, faulted) none, not an earlier run's.
        var outputs = await store.GetInstanceAsync(instance.Id, cancellationToken) is { OutputsJson: { Length: > 0 } json }
            ? JsonNode.Parse(json) as JsonObject ?? []
            : [];
        var path = instance.Steps.Select((s, at) => new PathStepView(s.StepId, s.Activity, s.Status, s.Outcome, s.Attempt, s.Error,
            s.Status != "Completed" ? null
            : !instance.Steps.Skip(at + 1).Any(later => later.StepId == s.StepId) ? InstanceViews.Mask(outputs[s.StepId])
            : stepOutputs.TryGet(instance.Id, at, s.StepId, out var own) ? own : null)).ToList();
        return new ScenarioRunView(run.Scenario, description, finished, instance.Status.ToString(), instance.Outcome,
            path, incidents, calls.Count, calls, waits, run.SignalsSent, run.WebhooksDelivered, Ms(elapsed), Ms(instance.UpdatedAt - instance.CreatedAt), run.Error, run.Prepared,
            (JsonObject?)InstanceViews.Mask(instance.Variables));
    }

    // The journal's own data (PII-masked when the call was recorded; its credentials masked here, as the journal endpoint
    // masks them): nothing here is read from anywhere else.
    private static LenderCallView Call(JournalEntry entry, JsonObject data) => new(
        entry.StepId,
        Text(data["lender"]),
        Text(data["operation"]),
        Text(data["method"]),
        data["httpStatus"] is JsonValue s && s.TryGetValue<int>(out var status) ? status : null,
        Text(data["lenderCode"]),
        data["attempt"] is JsonValue a && a.TryGetValue<int>(out var attempt) ? attempt : null,
        entry.Sequence,
        entry.At,
        Text(data["path"]),
        data["latencyMs"] is JsonValue l && l.TryGetValue<double>(out var latency) ? latency : null,
        Text(data["error"]),
        SecretValues.Mask(data["request"]?.DeepClone()),
        SecretValues.Mask(data["response"]?.DeepClone()));

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static double Ms(TimeSpan span) => Math.Round(span.TotalMilliseconds, 1);
}
