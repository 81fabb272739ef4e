using System.Buffers;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Storage;

namespace LoanJourney.Engine.Telemetry;

/// <summary>
/// The engine's <see cref="ActivitySource"/> and <see cref="Meter"/> (both named <see cref="Name"/>): journeys started and
/// completed, step executions with their duration and attempts, journeys waiting per step, webhook inbox lag and dispatcher
/// claim latency. Tags carry workflow, version, step, activity, outcome and result names, the instance id and a consumed
/// webhook's event id (the server's are hashes) only, never a value from a journey's input or a lender's answer (no PII). Instruments cost a flag check when nothing listens.
/// </summary>
public sealed class EngineTelemetry : IDisposable
{
    /// <summary>The name of the engine's activity source and meter (what an OpenTelemetry setup subscribes to).</summary>
    public const string Name = "LoanJourney.Engine";

    /// <summary>Spans: one per step execution (<c>step {id}</c>), in the journey's own trace (trace id = instance id).</summary>
    public static readonly ActivitySource Source = new(Name);

    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdef");
    private static readonly TimeSpan WaitingRefresh = TimeSpan.FromSeconds(10);

    private readonly Meter _meter;
    private readonly Counter<long> _started;
    private readonly Counter<long> _completed;
    private readonly Counter<long> _steps;
    private readonly Histogram<double> _stepDuration;
    private readonly Histogram<long> _attempts;
    private readonly Histogram<double> _inboxLag;
    private readonly Histogram<double> _claimLatency;
    private readonly Counter<long> _pollsUncommitted;
    private readonly Counter<long> _completionsHeld;
    private readonly Counter<long> _webhooks;
    private readonly WaitingJourneys _waiting;

    /// <summary>Creates the instruments on a meter from <paramref name="meters"/>; the waiting gauge reads <paramref name="store"/>.</summary>
    public EngineTelemetry(IMeterFactory meters, IWorkflowStore store, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _meter = meters.Create(Name);
        _waiting = new WaitingJourneys(store, time, WaitingRefresh);
        _started = _meter.CreateCounter<long>("loanjourney.journeys.started", "{journey}", "Journeys started, by workflow and version.");
        _completed = _meter.CreateCounter<long>("loanjourney.journeys.completed", "{journey}",
            "Journeys finished, by workflow, version and outcome (the journey's outcome, 'completed' when it has none, 'cancelled').");
        _steps = _meter.CreateCounter<long>("loanjourney.step.executions", "{execution}",
            "Step executions, by workflow, step, activity and result (completed, suspended, retrying, incident).");
        _stepDuration = _meter.CreateHistogram("loanjourney.step.duration", "s",
            "Time to run a step's activity and commit its transition, by workflow, step, activity and result.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });
        _attempts = _meter.CreateHistogram<long>("loanjourney.step.attempts", "{attempt}",
            "The attempt at which a step finished (completed or gave up with an incident), by workflow, step and activity.",
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [1, 2, 3, 4, 5, 6, 8, 10] });
        _inboxLag = _meter.CreateHistogram("loanjourney.webhook.inbox.lag", "s",
            "From a webhook's arrival in the inbox to the journey step it resumes starting, by workflow and step.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30, 300, 3600] });
        _claimLatency = _meter.CreateHistogram("loanjourney.dispatcher.claim.latency", "s",
            "From work becoming due (start, resume, timer) to this node claiming it.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });
        _pollsUncommitted = _meter.CreateCounter<long>("loanjourney.polls.uncommitted", "{poll}",
            "Read-only polls (the lender still processing) whose journal rode with the instance's next commit instead of a commit of their own, by workflow and step.");
        _completionsHeld = _meter.CreateCounter<long>("loanjourney.completions.held", "{step}",
            "Steps completed by a read-only poll whose commit rode with the next step's (ActivityResult.CompleteReadOnly).");
        _webhooks = _meter.CreateCounter<long>("loanjourney.webhooks.received", "{webhook}",
            "Webhooks accepted into the inbox, by status: routed (a waiting journey resumes), buffered (kept until a wait on its key begins), duplicate (an event id seen before).");
        _meter.CreateObservableGauge("loanjourney.journeys.waiting", _waiting.Observe, "{journey}",
            "Journeys waiting (on a webhook, signal or timer), by workflow and step; read from the store at most every 10 s.");
        _meter.CreateObservableGauge("loanjourney.incidents.open", _waiting.ObserveFaulted, "{journey}",
            "Journeys faulted with an open incident (an operator's retry, skip or cancel awaited), by workflow and step; read with the waiting gauge.");
    }

    /// <summary>A journey was created (not a replayed start).</summary>
    public void JourneyStarted(string workflowId, int version)
    {
        if (_started.Enabled)
        {
            _started.Add(1, new TagList { { "workflow", workflowId }, { "version", version } });
        }
    }

    /// <summary>A journey completed (<paramref name="outcome"/> null: 'completed') or was cancelled (pass 'cancelled').</summary>
    public void JourneyCompleted(string workflowId, int version, string? outcome)
    {
        if (_completed.Enabled)
        {
            _completed.Add(1, new TagList { { "workflow", workflowId }, { "version", version }, { "outcome", outcome ?? "completed" } });
        }
    }

    /// <summary>One step execution ended with <paramref name="result"/> (a <see cref="StepResults"/> value).</summary>
    public void StepExecuted(string workflowId, string stepId, string activity, string result, int attempt, TimeSpan duration)
    {
        if (!_steps.Enabled && !_stepDuration.Enabled)
        {
            return;
        }

        var tags = new TagList { { "workflow", workflowId }, { "step", stepId }, { "activity", activity }, { "result", result } };
        _steps.Add(1, tags);
        _stepDuration.Record(duration.TotalSeconds, tags);
        if (_attempts.Enabled && result is StepResults.Completed or StepResults.Incident)
        {
            _attempts.Record(attempt, new TagList { { "workflow", workflowId }, { "step", stepId }, { "activity", activity } });
        }
    }

    /// <summary>A read-only poll was left for the instance's next commit (<see cref="Runtime.EngineOptions.ReadOnlyPollJournalDelay"/>).</summary>
    public void PollLeftUncommitted(string workflowId, string stepId)
    {
        if (_pollsUncommitted.Enabled)
        {
            _pollsUncommitted.Add(1, new TagList { { "workflow", workflowId }, { "step", stepId } });
        }
    }

    /// <summary>A step completed by a read-only poll was held for the next step's commit (<see cref="Activities.ActivityResult.CompleteReadOnly"/>).</summary>
    public void CompletionHeld(string workflowId, string stepId)
    {
        if (_completionsHeld.Enabled)
        {
            _completionsHeld.Add(1, new TagList { { "workflow", workflowId }, { "step", stepId } });
        }
    }

    /// <summary>
    /// A webhook was taken into the inbox: counted by status, and when it resumes a journey the current span (the webhook
    /// request's server span) links to that journey's trace and names its instance, so a tracing backend leads from the
    /// lender's post to the journey it moved and back. Nothing of the payload or the routing key (a customer id) is a tag.
    /// </summary>
    public void WebhookDelivered(WebhookDeliveryResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (_webhooks.Enabled)
        {
            _webhooks.Add(1, new TagList { { "status", StatusName(result.Status) } });
        }

        if (result.InstanceId is not { } instanceId || Activity.Current is not { IsAllDataRequested: true } current)
        {
            return;
        }

        var journey = JourneyContext(instanceId);
        if (journey != default)
        {
            current.AddLink(new ActivityLink(journey));
            current.SetTag("loanjourney.instance.id", instanceId);
        }
    }

    private static string StatusName(WebhookDeliveryStatus status) => status switch
    {
        WebhookDeliveryStatus.Routed => "routed",
        WebhookDeliveryStatus.Buffered => "buffered",
        WebhookDeliveryStatus.Duplicate => "duplicate",
        _ => "other",
    };

    /// <summary>A step resumed by a webhook that arrived <paramref name="lag"/> ago.</summary>
    public void WebhookConsumed(string workflowId, string stepId, TimeSpan lag) =>
        _inboxLag.Record(Math.Max(0, lag.TotalSeconds), new TagList { { "workflow", workflowId }, { "step", stepId } });

    /// <summary>The dispatcher claimed work that was due <paramref name="latency"/> ago.</summary>
    public void Claimed(TimeSpan latency) => _claimLatency.Record(Math.Max(0, latency.TotalSeconds));

    /// <summary>
    /// The W3C <c>traceparent</c> of the current span when it is recorded (a request being traced), else null: what a webhook
    /// keeps of the request that brought it, so the step that consumes it can link there (<see cref="StartStep"/>). An
    /// unrecorded span is exported nowhere, and a link to it would lead nowhere; with tracing off nothing is stored.
    /// </summary>
    public static string? RecordedTraceParent() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C, Recorded: true } current ? current.Id : null;

    /// <summary>
    /// Starts the span of one step execution in the journey's trace: the trace id is the instance id (a 32-hex-digit id), so
    /// every step of a journey, on any node and at any time, lands in one trace; the instance id is also a tag. A step that
    /// consumes a webhook (<paramref name="webhookEventId"/>) names it in <c>loanjourney.webhook.event_id</c> and, when the
    /// webhook kept the <paramref name="webhookTraceParent"/> of the request that brought it, links to that request's span:
    /// a webhook buffered before the journey waited is found from the journey's trace, hours later, on any node.
    /// </summary>
    public static Activity? StartStep(string instanceId, string workflowId, int version, string stepId, string activity, int attempt,
        string? webhookEventId = null, string? webhookTraceParent = null)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        ActivityLink[]? links = null;
        if (webhookTraceParent is not null && ActivityContext.TryParse(webhookTraceParent, null, isRemote: true, out var request))
        {
            links = [new ActivityLink(request)];
        }

        var span = Source.StartActivity("step", ActivityKind.Internal, JourneyContext(instanceId), links: links);
        if (span is not null)
        {
            span.DisplayName = "step " + stepId;
            span.SetTag("loanjourney.instance.id", instanceId);
            span.SetTag("loanjourney.workflow", workflowId);
            span.SetTag("loanjourney.workflow.version", version);
            span.SetTag("loanjourney.step", stepId);
            span.SetTag("loanjourney.activity", activity);
            span.SetTag("loanjourney.attempt", attempt);
            if (webhookEventId is not null)
            {
                span.SetTag("loanjourney.webhook.event_id", webhookEventId);
            }
        }

        return span;
    }

    /// <summary>The parent context that puts a span in the journey's trace, or none when the id is not 32 hex digits.</summary>
    public static ActivityContext JourneyContext(string instanceId)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        if (instanceId.Length != 32 || instanceId.AsSpan().ContainsAnyExcept(HexDigits) || !instanceId.AsSpan().ContainsAnyExcept('0'))
        {
            return default;
        }

        return new ActivityContext(ActivityTraceId.CreateFromString(instanceId), ActivitySpanId.CreateFromString(instanceId.AsSpan(16)), ActivityTraceFlags.Recorded, isRemote: true);
    }

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
