using System.Globalization;
using System.Text.Json.Nodes;
using LoanJourney.Activities.CapitalFloat;
using LoanJourney.Activities.FinBoxSourcing.CreditLine;
using LoanJourney.Engine.Activities;
using LoanJourney.Engine.Definitions;
using LoanJourney.Engine.Errors;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Runtime;
using LoanJourney.Engine.Storage;
using LoanJourney.Server.Instances;

namespace LoanJourney.Server.Workflows.Design.TestRuns;

/// <summary>
/// Answers the signals a test run's journeys wait for (docs/api.md, "Test-run a draft"): the request's <c>signals</c> payload,
/// else, for the <c>otp</c> of a <c>CapitalFloat.VerifyOtp</c> step, the OTP the sandbox sent the borrower, and for the
/// <c>shipment</c> of a <c>FinBoxSdk.AwaitShipment</c> step, a shipment of the whole open amount (<see cref="DefaultShipment"/>),
/// which a request's <c>shipment</c> is laid over field by field (<see cref="Shipment"/>). Each wait (bookmark) gets one answer,
/// sent through the isolated engine's <see cref="IWorkflowClient.SignalAsync"/> as the signal route sends it; at most
/// <see cref="TestRunSignals.MaxSendsPerSignal"/> of one signal per journey, and none after the waiting step refused one: the same
/// answer would be refused again. A sensitive signal's refusal is the step's own answer to the call that brought it
/// (<see cref="SignalAnswer"/>, <see cref="RefusedBy"/>), the one the signal route gives its sender, so the two cannot disagree; a
/// non-sensitive signal is taken by the dispatcher after the call returns, so its refusal is read from the journal entry the step
/// wrote (<see cref="RefusalEntries"/>). Payloads are never kept, logged or reported.
/// </summary>
internal sealed class TestRunSignaller(
    IWorkflowClient client,
    IWorkflowStore store,
    WorkflowDefinitionCatalog catalog,
    SandboxOtpInbox inbox,
    TestRunSignals signals,
    ILogger logger)
{
    public const string FromRequest = "request";
    public const string FromSandbox = "sandbox";
    public const string FromDefault = "default";
    public const string FromScenario = "scenario";

    /// <summary>A minimal PDF ("%PDF-1.4", "%%EOF"): what the sandbox, as FinBox, checks a proof of delivery or invoice starts with.</summary>
    public const string MinimalPdfBase64 = "JVBERi0xLjQKJSVFT0YK";

    private const string By = "test-run";

    /// <summary>
    /// The journal entry (with a <c>reason</c>) a waiting step writes when it refuses a non-sensitive signal and waits again, by
    /// signal and activity. A sensitive signal's refusal is in the answer to its call instead (<see cref="RefusedBy"/>).
    /// </summary>
    private static readonly Dictionary<(string Signal, string Activity), string> RefusalEntries = new()
    {
        [(AwaitShipmentActivity.ShipmentSignal, AwaitShipmentActivity.TypeName)] = AwaitShipmentActivity.ShipmentRefusedEntry,
    };

    /// <summary>Whether the journey waits for a signal this run will send on its next poll (so it has not settled).</summary>
    public bool WillAnswer(ScenarioRun run, WorkflowInstance instance) =>
        instance.Status == WorkflowStatus.Waiting && instance.Bookmarks.Any(b => SourceFor(run, instance, b) is not null);

    /// <summary>Sends the answer to one wait of the journey; true when one was sent (the journey has moved on).</summary>
    public async Task<bool> AnswerAsync(ScenarioRun run, WorkflowInstance instance, CancellationToken cancellationToken)
    {
        if (instance.Status != WorkflowStatus.Waiting)
        {
            return false;
        }

        foreach (var bookmark in instance.Bookmarks)
        {
            if (SourceFor(run, instance, bookmark) is not { } source)
            {
                continue;
            }

            var sent = source == FromScenario
                ? await DeliverAsync(run, instance, bookmark, cancellationToken)
                : await SignalAsync(run, instance, bookmark, source, cancellationToken);
            if (sent is { } moved)
            {
                // True: the wait ended, and with it the step's other bookmarks (the journey's next wait is read on the next poll);
                // false: try again on the next poll. Null: this wait was given up (the run's error says why): look at the next one.
                return moved;
            }
        }

        return false;
    }

    // The answer this run gives a signal wait itself (the request's signals, the sandbox's OTP, a default shipment): true when sent,
    // false to try on the next poll, null when this wait is given up (a refusal already reported, no OTP to send).
    private async Task<bool?> SignalAsync(ScenarioRun run, WorkflowInstance instance, BookmarkInfo bookmark, string source,
        CancellationToken cancellationToken)
    {
        var name = bookmark.Key!;
        var activity = ActivityOf(instance, bookmark.StepId);
        if (!bookmark.Sensitive && await RefusalAsync(run, instance, name, bookmark.StepId, activity, cancellationToken) is { } refusal)
        {
            return Refused(run, instance, bookmark, name, refusal);
        }

        var send = run.SignalsSent.Count(s => s.Name == name) + 1;
        var payload = source switch
        {
            FromRequest when IsShipment(name, activity) => Shipment(send, Given(name)!),
            FromRequest => Given(name),
            FromDefault => DefaultShipment(send),
            _ => await SandboxOtpAsync(instance, bookmark.StepId, cancellationToken),
        };
        if (payload is null)
        {
            run.AnsweredWaits.Add(bookmark.Id);
            run.Error = $"The sandbox had no OTP for step '{bookmark.StepId}' to send, so the journey was left to wait.";
            TestRunLog.NoSandboxOtp(logger, run.Scenario, bookmark.StepId, instance.Id);
            return null;
        }

        return await SendSignalAsync(run, instance, bookmark, name, payload, source, cancellationToken);
    }

    private string? SourceFor(ScenarioRun run, WorkflowInstance instance, BookmarkInfo bookmark)
    {
        // The scenario's own payload for one of the draft's waits (deliver) comes first, for a webhook wait as for a signal wait.
        if (bookmark.Kind is BookmarkKind.Webhook or BookmarkKind.Signal && bookmark.Key is not null && !run.AnsweredWaits.Contains(bookmark.Id)
            && run.Deliver.Any(d => d.StepId == bookmark.StepId))
        {
            return Delivered(run, bookmark.StepId) < TestRunSignals.MaxSendsPerSignal ? FromScenario : null;
        }

        if (bookmark.Kind != BookmarkKind.Signal || bookmark.Key is not { } name || run.AnsweredWaits.Contains(bookmark.Id)
            || run.SignalsSent.Count(s => s.Name == name) >= TestRunSignals.MaxSendsPerSignal)
        {
            return null;
        }

        if (signals.TryGet(name, out var payload))
        {
            return payload is null ? null : FromRequest;
        }

        var activity = ActivityOf(instance, bookmark.StepId);
        return (name, activity) switch
        {
            (VerifyOtpActivity.OtpSignal, VerifyOtpActivity.TypeName) => FromSandbox,
            _ when IsShipment(name, activity) => FromDefault,
            _ => null,
        };
    }

    private static int Delivered(ScenarioRun run, string stepId) =>
        run.WebhooksDelivered.Count(w => w.StepId == stepId) + run.SignalsSent.Count(s => s.StepId == stepId && s.Source == FromScenario);

    // The scenario's payload for the step the journey waits at, through the run's engine as a lender's webhook or the signal API
    // delivers one: a webhook into the engine's inbox under the wait's own key (a fresh event id per delivery), a signal by
    // IWorkflowClient.SignalAsync (a sensitive one kept in memory only, as any). True when delivered (the journey moves on), false to
    // try on the next poll, null when this wait is given up (the step refused the payload: the error says why).
    private async Task<bool?> DeliverAsync(ScenarioRun run, WorkflowInstance instance, BookmarkInfo bookmark, CancellationToken cancellationToken)
    {
        var payload = (JsonObject)run.Deliver.First(d => d.StepId == bookmark.StepId).Payload.DeepClone();
        var key = bookmark.Key!;
        if (bookmark.Kind == BookmarkKind.Webhook)
        {
            var eventId = $"test-run-{run.Tag}-{bookmark.Id}";
            var result = await client.DeliverWebhookAsync(key, payload, eventId, cancellationToken);
            run.AnsweredWaits.Add(bookmark.Id);
            var status = result.Status.ToString();
            run.WebhooksDelivered.Add(new WebhookDeliveredView(bookmark.StepId, status));
            TestRunLog.WebhookDelivered(logger, run.Scenario, bookmark.StepId, instance.Id, status);
            return true;
        }

        return await SendSignalAsync(run, instance, bookmark, key, payload, FromScenario, cancellationToken);
    }

    // One signal to the wait, through IWorkflowClient.SignalAsync, whatever chose its payload (the scenario's delivery, the request's
    // signals, the sandbox's OTP, a default shipment). True when sent (recorded in signalsSent), false to try on the next poll, null
    // when the step refused the payload (said once in the run's error, and this wait given up).
    private async Task<bool?> SendSignalAsync(ScenarioRun run, WorkflowInstance instance, BookmarkInfo bookmark, string name, JsonNode? payload,
        string source, CancellationToken cancellationToken)
    {
        SignalAnswer? answer;
        try
        {
            answer = (await client.SignalAsync(instance.Id, name, payload, By, cancellationToken)).SignalAnswer;
        }
        catch (SignalNotExpectedException)
        {
            // The journey moved on meanwhile: the next poll sees where it is and answers again if it still waits.
            return false;
        }
        catch (InstanceBusyException)
        {
            // A runner holds the journey (the step is being committed): the next poll sends it.
            return false;
        }
        catch (SignalPayloadInvalidException e)
        {
            // The payload does not fit what the waiting step takes: said once, and the journey left to wait.
            run.AnsweredWaits.Add(bookmark.Id);
            run.Error = e.Message;
            return null;
        }

        run.AnsweredWaits.Add(bookmark.Id);
        run.SignalsSent.Add(new SignalSentView(name, bookmark.StepId, source, InstanceViews.Signal(answer)));
        TestRunLog.SignalSent(logger, run.Scenario, name, bookmark.StepId, instance.Id, source);
        return RefusedBy(answer) is { } refusal ? Refused(run, instance, bookmark, name, refusal) : true;
    }

    /// <summary>
    /// Why the step refused a sensitive signal, from its answer to the call: asked again with no attempts counted (no OTP given),
    /// so the same answer would be refused again and nothing would change. Asked again with attempts left (a wrong OTP, Capital
    /// Float unable to verify it now) is not a refusal: each try uses one of the block's attempts, so it is answered again, until
    /// the step gives up. Null for any other answer, and for a durable signal's (<see cref="SignalResult.Queued"/>: the dispatcher
    /// takes it after the call, and its refusal is read from the journal, <see cref="RefusalEntries"/>).
    /// </summary>
    internal static string? RefusedBy(SignalAnswer? answer) =>
        answer is { Result: SignalResult.AskedAgain, AttemptsLeft: null } ? answer.Message ?? answer.Reason ?? "no reason given" : null;

    // This wait given up after the step refused its answer: said once in the run's error; the journey is left to wait.
    private bool? Refused(ScenarioRun run, WorkflowInstance instance, BookmarkInfo bookmark, string name, string refusal)
    {
        run.AnsweredWaits.Add(bookmark.Id);
        run.Error = $"Step '{bookmark.StepId}' refused the '{name}' signal ({refusal}); the same answer is not sent again, so the journey was left to wait.";
        TestRunLog.SignalRefused(logger, run.Scenario, name, bookmark.StepId, instance.Id);
        return null;
    }

    private static string? ActivityOf(WorkflowInstance instance, string stepId) => instance.Steps.LastOrDefault(s => s.StepId == stepId)?.Activity;

    private static bool IsShipment(string name, string? activity) => (name, activity) is (AwaitShipmentActivity.ShipmentSignal, AwaitShipmentActivity.TypeName);

    // The reason the step gave for refusing the last answer sent to it, when it refused one this run has not reported yet. Only
    // this run signals its journeys, so every refusal entry of the step is the refusal of one of its sends.
    private async Task<string?> RefusalAsync(ScenarioRun run, WorkflowInstance instance, string name, string stepId, string? activity,
        CancellationToken cancellationToken)
    {
        if (activity is null || !RefusalEntries.TryGetValue((name, activity), out var kind) || !run.SignalsSent.Any(s => s.Name == name && s.StepId == stepId))
        {
            return null;
        }

        var refusals = new List<JournalEntry>();
        for (var skip = 0; ; skip += 100)
        {
            var page = await client.ReadJournalAsync(instance.Id, skip, 100, cancellationToken);
            refusals.AddRange(page.Items.Where(e => e.Kind == kind && e.StepId == stepId));
            if (page.Items.Count < 100)
            {
                break;
            }
        }

        if (refusals.Count <= run.RefusalsSeen.GetValueOrDefault(stepId))
        {
            return null;
        }

        run.RefusalsSeen[stepId] = refusals.Count;
        return Text(refusals[^1].Data?["reason"]) ?? "no reason given";
    }

    /// <summary>
    /// The partner's shipment when the request names none: every field the confirm needs (the AWB and invoice numbers numbered by
    /// the send, a minimal PDF as proof of delivery and invoice) and no <c>amount</c>, so the whole open amount is shipped.
    /// </summary>
    public static JsonObject DefaultShipment(int send) => new()
    {
        ["awbNo"] = "TESTRUN-AWB-" + send.ToString(CultureInfo.InvariantCulture),
        ["invoiceNo"] = "TESTRUN-INV-" + send.ToString(CultureInfo.InvariantCulture),
        ["podExtension"] = "pdf",
        ["podBase64"] = MinimalPdfBase64,
        ["invoiceExtension"] = "pdf",
        ["invoiceBase64"] = MinimalPdfBase64,
    };

    /// <summary>
    /// A request's <c>shipment</c> laid over <see cref="DefaultShipment"/>: each field it gives replaces the default's (an
    /// <c>amount</c> alone rehearses a partial shipment), a field it gives as null is left out (a shipment lacking it), the
    /// others are the default's.
    /// </summary>
    public static JsonObject Shipment(int send, JsonObject given)
    {
        var shipment = DefaultShipment(send);
        foreach (var (field, value) in given)
        {
            if (value is null)
            {
                shipment.Remove(field);
            }
            else
            {
                shipment[field] = value.DeepClone();
            }
        }

        return shipment;
    }

    private JsonObject? Given(string name) => signals.TryGet(name, out var payload) ? (JsonObject?)payload?.DeepClone() : null;

    // The app and order the step verifies: its own inputs, resolved from the journey's input and step outputs as the engine
    // resolves them when it runs the step (the pay-later definition binds orderId to $steps.block.output.orderId).
    private async Task<JsonObject?> SandboxOtpAsync(WorkflowInstance instance, string stepId, CancellationToken cancellationToken)
    {
        if (await store.GetInstanceAsync(instance.Id, cancellationToken) is not { } record)
        {
            return null;
        }

        var workflow = await catalog.GetAsync(record.WorkflowId, record.WorkflowVersion, cancellationToken);
        var step = workflow.Definition.Steps.FirstOrDefault(s => s.Id == stepId);
        JsonObject? inputs;
        try
        {
            var scope = new BindingScope(JsonNode.Parse(record.InputJson), Object(record.OutputsJson), Object(record.VariablesJson));
            inputs = Bindings.Resolve(step?.Inputs ?? [], scope) as JsonObject;
        }
        catch (InvalidOperationException)
        {
            return null;
        }

        if (Text(inputs?["appId"]) is not { } appId || Text(inputs?["orderId"]) is not { } orderId
            || await inbox.ReadAsync(appId, orderId, cancellationToken) is not { } otp)
        {
            return null;
        }

        return new JsonObject { ["otp"] = otp };
    }

    private static JsonObject Object(string? json) => string.IsNullOrEmpty(json) ? [] : JsonNode.Parse(json) as JsonObject ?? [];

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;
}
