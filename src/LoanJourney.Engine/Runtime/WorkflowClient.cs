using System.Text.Json;
using System.Text.Json.Nodes;
using LoanJourney.Engine.Activities;
using LoanJourney.Engine.Definitions;
using LoanJourney.Engine.Errors;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Storage;

using LoanJourney.Engine.Telemetry;

namespace LoanJourney.Engine.Runtime;

/// <summary>The engine API implementation (see <see cref="IWorkflowClient"/>).</summary>
internal sealed partial class WorkflowClient(
    IWorkflowStore store,
    WorkflowDefinitionCatalog catalog,
    EngineInitializer initializer,
    WorkflowRunner runner,
    WorkWakeup wakeup,
    ParkedRuns parked,
    TimeProvider time,
    EngineOptions options,
    EngineTelemetry telemetry) : IWorkflowClient
{
    public async Task<WorkflowInstance> StartAsync(string workflowId, JsonNode? input, StartOptions? startOptions = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workflowId);
        await initializer.EnsureInitializedAsync(cancellationToken);
        var workflow = startOptions?.Version is { } version
            ? await catalog.GetAsync(workflowId, version, cancellationToken)
            : catalog.GetLatest(workflowId);
        // Judged once per start: a host that judged this input against this version already (the server's start endpoint, whose
        // 400 names the schema's errors beside its own checks before the idempotency key is looked up) passes the engine's own
        // judgement of it; any other start, or a judgement of another node or version, is judged here (round 61).
        var judged = startOptions?.JudgedInput is { } given && given.IsOf(workflow, input) ? given : WorkflowInputSchema.Judge(workflow, input);
        if (judged.Errors.Count > 0)
        {
            throw new InputValidationException(workflowId, judged.Errors);
        }

        // The stores keep milliseconds (UnixMs): the start's answer, made from this record, must say what every later read says
        // (walk 43: 202 said createdAt 21:15:50.3105038, GET 21:15:50.31 for the same journey).
        var now = EngineJson.WholeMillisecond(time.GetUtcNow());
        var record = new InstanceRecord
        {
            Id = Guid.CreateVersion7(now).ToString("N"),
            WorkflowId = workflow.Id,
            WorkflowVersion = workflow.Version,
            Status = WorkflowStatus.Running,
            CorrelationId = startOptions?.CorrelationId,
            IdempotencyKey = startOptions?.IdempotencyKey,
            Partner = startOptions?.Partner,
            // The text judged (taken when it was judged): what is stored is what was judged.
            InputJson = judged.InputJson,
            VariablesJson = (workflow.Definition.Variables ?? []).ToJsonString(),
            OutputsJson = "{}",
            HistoryJson = "[]",
            CurrentStepId = workflow.Definition.Start,
            Attempt = 1,
            ReadyAt = now,
            CreatedAt = now,
            UpdatedAt = now,
        };
        var startedData = new JsonObject { ["workflowId"] = workflow.Id, ["version"] = workflow.Version, ["correlationId"] = record.CorrelationId, ["by"] = startOptions?.StartedBy };
        if (record.Partner is not null)
        {
            startedData["partner"] = record.Partner;
        }

        var started = new JournalRecord(0, record.Id, now, JournalKinds.InstanceStarted, null, null, startedData.ToJsonString());
        // The audit entry commits with the journey (one write, not a second one after it): there is one for every start that
        // committed and none for one that did not (round 47, docs/PERFORMANCE.md).
        var audit = startOptions?.Audit?.Invoke(workflow.Id, record.Id, workflow.Version);
        var (instance, created) = await store.CreateInstanceAsync(record, started, audit, cancellationToken);
        if (!created)
        {
            // An idempotent replay: the journey as it is now, marked as such (it may be another workflow's or input's: the host judges).
            return await GetInstanceAsync(instance.Id, cancellationToken) with { IsReplay = true };
        }

        telemetry.JourneyStarted(workflow.Id, workflow.Version);
        wakeup.Set();

        // The journey as created, from memory: reading it back (and decrypting its input and outputs) cost every start a read of
        // what it had just written, and showed whatever step a dispatcher had reached meanwhile.
        return ToModel(record, [], null);
    }

    public async Task<WorkflowInstance> SignalAsync(string instanceId, string signalName, JsonNode? payload, string? by = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(signalName);
        var instance = await LoadAsync(instanceId, cancellationToken);
        var bookmarks = await store.GetBookmarksAsync(instance.Id, cancellationToken);
        var match = bookmarks.FirstOrDefault(b => b.Kind == BookmarkKind.Signal && b.Key == signalName);
        if (match is null)
        {
            throw NotExpected(instanceId, signalName, bookmarks);
        }

        // Checked before anything is stored or run: a payload the waiting activity could not use (an OTP given as a number, a
        // shipment without its invoice) is refused naming the field, instead of an accepted signal that changes nothing.
        var workflow = await catalog.GetAsync(instance.WorkflowId, instance.WorkflowVersion, cancellationToken);
        if (workflow.Steps.TryGetValue(match.StepId, out var waiting)
            && SignalPayload.Validate(waiting.SignalFieldsFor(signalName), signalName, payload) is { Count: > 0 } errors)
        {
            throw new SignalPayloadInvalidException(instance.Id, signalName, errors);
        }

        if (match.Sensitive)
        {
            return await SensitiveSignalAsync(instance.Id, signalName, payload, by, cancellationToken);
        }

        var fired = await store.FireSignalAsync(instance.Id, signalName, payload?.ToJsonString(), by, time.GetUtcNow(), cancellationToken);
        if (fired == SignalFireResult.NotExpected)
        {
            throw NotExpected(instanceId, signalName, await store.GetBookmarksAsync(instance.Id, cancellationToken));
        }

        wakeup.Set();
        // Every accepted signal's answer has the same shape (session 50): a durable one was stored, and the step runs after this.
        return await GetInstanceAsync(instance.Id, cancellationToken) with { SignalAnswer = new SignalAnswer(signalName, SignalResult.Queued) };
    }

    // The payload (an OTP) lives only in this call: claim the instance, resume the step in-process, commit, release.
    private async Task<WorkflowInstance> SensitiveSignalAsync(string instanceId, string signalName, JsonNode? payload, string? by, CancellationToken cancellationToken)
    {
        var received = time.GetUtcNow();
        var deadline = received + options.SensitiveSignalClaimTimeout;
        InstanceRecord? claimed;
        while (true)
        {
            var now = time.GetUtcNow();
            claimed = await store.TryClaimAsync(instanceId, options.NodeId, now, now + options.LeaseDuration, cancellationToken);
            if (claimed is not null)
            {
                break;
            }

            if (now >= deadline)
            {
                throw new InstanceBusyException(instanceId);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), time, cancellationToken);
        }

        var stimulus = new Stimulus(BookmarkKind.Signal, signalName, signalName, payload, by, received);
        var result = await runner.RunAsync(claimed, stimulus, singleStep: true, cancellationToken);
        wakeup.Set();
        if (!result.StimulusConsumed)
        {
            throw NotExpected(instanceId, signalName, await store.GetBookmarksAsync(instanceId, cancellationToken));
        }

        return await GetInstanceAsync(instanceId, cancellationToken) with { SignalAnswer = WithoutPayload(result.Signal, payload) };
    }

    // The answer goes back to the sender and into the Studio: an activity's reason or a failure's message that quotes a value of the
    // payload (an OTP) is left out rather than trusted. Values shorter than 3 characters would match words by chance.
    private static SignalAnswer? WithoutPayload(SignalAnswer? answer, JsonNode? payload)
    {
        if (answer is null || (answer.Reason is null && answer.Message is null))
        {
            return answer;
        }

        var values = TextValues(payload).Where(v => v.Length >= 3).ToList();
        bool Quotes(string? text) => text is not null && values.Exists(v => text.Contains(v, StringComparison.OrdinalIgnoreCase));
        return Quotes(answer.Reason) || Quotes(answer.Message) ? answer with { Reason = null, Message = null } : answer;
    }

    private static IEnumerable<string> TextValues(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => TextValues(p.Value)),
        JsonArray a => a.SelectMany(TextValues),
        JsonValue v => [v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : v.ToJsonString()],
        _ => [],
    };

    public Task<WebhookDeliveryResult> DeliverWebhookAsync(string key, JsonNode? payload, string eventId, CancellationToken cancellationToken = default) =>
        DeliverWebhookJsonAsync(key, payload?.ToJsonString(), eventId, cancellationToken);

    public async Task<WebhookDeliveryResult> DeliverWebhookJsonAsync(string key, string? payloadJson, string eventId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentException.ThrowIfNullOrWhiteSpace(eventId);
        await initializer.EnsureInitializedAsync(cancellationToken);
        var result = await store.DeliverWebhookAsync(eventId, InboxKeys.Stored(key), payloadJson, EngineTelemetry.RecordedTraceParent(), time.GetUtcNow(), cancellationToken);
        telemetry.WebhookDelivered(result);
        if (result.Status == WebhookDeliveryStatus.Routed)
        {
            wakeup.Set();
        }

        return result;
    }

    public async Task<WorkflowInstance> CancelAsync(string instanceId, string? reason = null, string? by = null, CancellationToken cancellationToken = default)
    {
        // A running journey's row moves with every step; each move re-reads its history (at most a few times in a row).
        // A faulted journey's cancel ends its open incident: read at the version the cancel is requested against (a move
        // re-reads both), and named on the answer for the audit trail (AnsweredIncident).
        IncidentRecord? ended = null;
        var alreadyRequested = false;
        for (var read = 1; ; read++)
        {
            var instance = await LoadAsync(instanceId, cancellationToken);
            if (instance.Status is WorkflowStatus.Completed or WorkflowStatus.Cancelled)
            {
                throw new InvalidInstanceStateException(instanceId, "cancel", instance.Status.ToString());
            }

            if (instance.CancelRequested)
            {
                // Already being cancelled (by an earlier cancel, or another that committed while this one re-read): this call
                // requests nothing, and ends no incident.
                alreadyRequested = true;
                ended = null;
                break;
            }

            var rule = await PointOfNoReturnRuleAsync(instance, cancellationToken);
            if (rule.Passed is { } passed)
            {
                throw new PastPointOfNoReturnException(passed);
            }

            ended = instance.Status == WorkflowStatus.Faulted ? await store.GetOpenIncidentAsync(instance.Id, cancellationToken) : null;
            var result = await store.RequestCancelAsync(instance.Id, reason, by, time.GetUtcNow(), rule.Guard, cancellationToken);
            if (result.Status == CancelRequestStatus.Requested)
            {
                break;
            }

            switch (result.Status)
            {
                case CancelRequestStatus.Finished:
                    var now = await store.GetInstanceAsync(instance.Id, cancellationToken);
                    throw new InvalidInstanceStateException(instanceId, "cancel", (now?.Status ?? instance.Status).ToString());
                case CancelRequestStatus.MoneyCallOut:
                    throw new PastPointOfNoReturnException(
                        MoneyCallOut(instance, result.Intent!, rule, await store.GetOpenIncidentAsync(instance.Id, cancellationToken)));
                case CancelRequestStatus.Moved when read >= MaxCancelReads:
                    throw new InstanceBusyException(instanceId);
            }
        }

        parked.Expedite(instanceId); // parked on a short timer here: resume it now, it compensates from the stored row
        wakeup.Set();
        var cancelled = await GetInstanceAsync(instanceId, cancellationToken);
        return alreadyRequested ? cancelled with { CancelAlreadyRequested = true }
            : ended is null ? cancelled : cancelled with { AnsweredIncident = ToInfo(ended) };
    }

    public async Task<PointOfNoReturnRefusal?> GetCancelRefusalAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        var instance = await LoadAsync(instanceId, cancellationToken);
        return await CancelRefusalAsync(instance, OpenIncident.Unread, cancellationToken);
    }

    // How many times a cancel re-reads a row that moved under it before it answers instance_busy (retryable).
    private const int MaxCancelReads = 20;

    /// <summary>
    /// The point-of-no-return rule of a cancel of <paramref name="instance"/> as read. <see cref="PointOfNoReturnRule.Guard"/>:
    /// none when its definition declares no point of no return. <see cref="PointOfNoReturnRule.Passed"/>: past one already
    /// (a step of such an activity completed or was skipped with one of its outcomes), the refusal instead of a guard.
    /// </summary>
    private async Task<PointOfNoReturnRule> PointOfNoReturnRuleAsync(InstanceRecord instance, CancellationToken cancellationToken)
    {
        var workflow = await catalog.GetAsync(instance.WorkflowId, instance.WorkflowVersion, cancellationToken);
        var activities = workflow.Steps.Values.Where(s => s.Descriptor.PointOfNoReturn.Count > 0)
            .ToDictionary(s => s.Id, s => s.Descriptor, StringComparer.Ordinal);
        if (activities.Count == 0)
        {
            return PointOfNoReturnRule.None;
        }

        var passed = EngineJson.ReadHistory(instance.HistoryJson).LastOrDefault(e =>
            e.Status is StepStatuses.Completed or StepStatuses.Skipped && e.Outcome is { } outcome
            && activities.TryGetValue(e.StepId, out var activity) && activity.PointOfNoReturn.Contains(outcome));
        return passed is null
            ? new PointOfNoReturnRule(new CancelGuard(instance.Version, activities.Keys), null, activities)
            : new PointOfNoReturnRule(null, new PointOfNoReturnRefusal(instance.Id, passed.StepId, activities[passed.StepId].TypeName, passed.Outcome, MoneyCallOut: false), activities);
    }

    /// <summary>
    /// Whether a cancel of <paramref name="instance"/>, as read, would be refused: null for a finished journey or one already
    /// being cancelled; else the rule a cancel applies (<see cref="PointOfNoReturnRuleAsync"/>, then
    /// <see cref="CancelGuard.Refusal"/>) on the row's intents read outside any transaction. A check ahead of cancels, never a
    /// replacement for the cancel's own guard.
    /// </summary>
    /// <param name="instance">The journey's row as read.</param>
    /// <param name="incident">The open incident when the caller has read it already (a journey only has one while faulted).</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    private async Task<PointOfNoReturnRefusal?> CancelRefusalAsync(InstanceRecord instance, OpenIncident incident, CancellationToken cancellationToken)
    {
        if (instance.Status is WorkflowStatus.Completed or WorkflowStatus.Cancelled || instance.CancelRequested)
        {
            return null;
        }

        PointOfNoReturnRule rule;
        try
        {
            rule = await PointOfNoReturnRuleAsync(instance, cancellationToken);
        }
        catch (DefinitionLoadException)
        {
            // Its version does not load in this build: the journey is still shown, and can be moved to one that does (or, when no
            // node can decrypt it, abandoned); the cancel itself answers version_unloadable, since nothing here could run its
            // compensations.
            return null;
        }

        if (rule.Guard is not { } guard)
        {
            return rule.Passed;
        }

        var intents = await store.GetOpenIntentsAsync(instance.Id, cancellationToken);
        return guard.Refusal(instance.Version, () => intents.Where(i => guard.PointOfNoReturnSteps.Contains(i.StepId)))
            is { Status: CancelRequestStatus.MoneyCallOut, Intent: { } intent }
            ? MoneyCallOut(instance, intent, rule, incident.Read ? incident.Record : await store.GetOpenIncidentAsync(instance.Id, cancellationToken))
            : null;
    }

    private static PointOfNoReturnRefusal MoneyCallOut(InstanceRecord instance, IntentRecord intent, PointOfNoReturnRule rule, IncidentRecord? openIncident) =>
        new(instance.Id, intent.StepId, rule.Activities.TryGetValue(intent.StepId, out var activity) ? activity.TypeName : intent.StepId,
            Outcome: null, MoneyCallOut: true, intent.TakenAnswer,
            AwaitsDecision: openIncident is { ErrorKind: OperatorDecision.ErrorKind } && openIncident.StepId == intent.StepId);

    /// <summary>A cancel's point-of-no-return rule for one row as read, with the descriptors of the steps it names.</summary>
    private sealed record PointOfNoReturnRule(CancelGuard? Guard, PointOfNoReturnRefusal? Passed, IReadOnlyDictionary<string, ActivityDescriptor> Activities)
    {
        public static readonly PointOfNoReturnRule None = new(null, null, new Dictionary<string, ActivityDescriptor>());
    }

    /// <summary>A journey's open incident as its caller read it, or <see cref="Unread"/>.</summary>
    private readonly record struct OpenIncident(bool Read, IncidentRecord? Record)
    {
        public static OpenIncident Unread => default;
    }

    private static SignalNotExpectedException NotExpected(string instanceId, string signalName, IReadOnlyList<BookmarkRecord> bookmarks) =>
        new(instanceId, signalName, bookmarks.Where(b => b.Kind == BookmarkKind.Signal).Select(b => b.Key!).Distinct().ToArray());

    private async Task<InstanceRecord> LoadAsync(string instanceId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        await initializer.EnsureInitializedAsync(cancellationToken);
        return await store.GetInstanceAsync(instanceId, cancellationToken) ?? throw new InstanceNotFoundException(instanceId);
    }
}
