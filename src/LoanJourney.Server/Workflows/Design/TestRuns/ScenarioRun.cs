using LoanJourney.Engine.Model;

namespace LoanJourney.Server.Workflows.Design.TestRuns;

/// <summary>A scenario's journey while a test run waits for it.</summary>
internal sealed class ScenarioRun(string scenario, string tag, long startedAt, IReadOnlyList<TestRunDelivery>? deliver = null)
{
    public string Scenario { get; } = scenario;

    /// <summary>What the scenario delivers to the draft's own waits, by step (the request's <c>deliver</c>); payloads never reported.</summary>
    public IReadOnlyList<TestRunDelivery> Deliver { get; } = deliver ?? [];

    /// <summary>The run's tag for this scenario's borrower (<see cref="TestRunInput"/>: customer ids end <c>-TR&lt;tag&gt;</c>).</summary>
    public string Tag { get; } = tag;

    public long StartedAt { get; } = startedAt;

    public WorkflowInstance? Instance { get; set; }

    public bool Done { get; set; }

    public TimeSpan? Elapsed { get; set; }

    public string? Error { get; set; }

    /// <summary>What the run set up in the sandbox before the journey started; null when nothing.</summary>
    public TestRunPreparedView? Prepared { get; set; }

    /// <summary>The webhooks the journey waited for at the last poll (step and key of each), and when that wait was first seen.</summary>
    public string? WebhookWait { get; set; }

    public long WebhookWaitSeenAt { get; set; }

    /// <summary>Since when, during the current webhook wait, the sandbox has said that no webhook is still to come for the journey.</summary>
    public long? NoWebhookToComeSince { get; set; }

    /// <summary>Per step, the refusals of a signal (the step's refusal journal entries) already reported.</summary>
    public Dictionary<string, int> RefusalsSeen { get; } = new(StringComparer.Ordinal);

    /// <summary>The signals sent to the journey, in order.</summary>
    public List<SignalSentView> SignalsSent { get; } = [];

    /// <summary>The webhooks the run delivered to the draft's own <c>Core.WaitForWebhook</c> steps, in order.</summary>
    public List<WebhookDeliveredView> WebhooksDelivered { get; } = [];

    /// <summary>The waits (bookmark ids) already answered, or found unanswerable: each wait gets one answer at most.</summary>
    public HashSet<string> AnsweredWaits { get; } = new(StringComparer.Ordinal);
}
