using System.Text.Json.Nodes;

namespace LoanJourney.Engine.Model;

/// <summary>A workflow instance as callers see it.</summary>
public sealed record WorkflowInstance
{
    /// <summary>Instance id.</summary>
    public required string Id { get; init; }

    /// <summary>Definition id.</summary>
    public required string WorkflowId { get; init; }

    /// <summary>Definition version it runs on.</summary>
    public required int WorkflowVersion { get; init; }

    /// <summary>Status.</summary>
    public required WorkflowStatus Status { get; init; }

    /// <summary>Journey outcome name set by an End step (e.g. <c>Disbursed</c>).</summary>
    public string? Outcome { get; init; }

    /// <summary>Caller's correlation id.</summary>
    public string? CorrelationId { get; init; }

    /// <summary>The partner whose scoped principal started it; null when started unscoped or by the engine.</summary>
    public string? Partner { get; init; }

    /// <summary>The step it is at (null when finished).</summary>
    public string? CurrentStepId { get; init; }

    /// <summary>Attempt number of the current step.</summary>
    public int Attempt { get; init; }

    /// <summary>A cancellation is in progress (compensations running).</summary>
    public bool CancelRequested { get; init; }

    /// <summary>Variables, including values exposed to the partner (a session URL, a token).</summary>
    public required JsonObject Variables { get; init; }

    /// <summary>Step executions in order.</summary>
    public required IReadOnlyList<StepHistoryEntry> Steps { get; init; }

    /// <summary>Bookmarks it waits on.</summary>
    public required IReadOnlyList<BookmarkInfo> Bookmarks { get; init; }

    /// <summary>The open incident, when faulted.</summary>
    public IncidentInfo? Incident { get; init; }

    /// <summary>Created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Last change.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>
    /// Set on what <see cref="Runtime.IWorkflowClient.StartAsync"/> answers when its idempotency key had already started this
    /// instance (nothing new was started): also when that other start committed after the caller's own look-up of the key,
    /// so a host judges a replay's workflow and input here, not only before the start (a race of one key).
    /// </summary>
    public bool IsReplay { get; init; }

    /// <summary>
    /// Set on what <see cref="Runtime.IWorkflowClient.CancelAsync"/> answers when the journey was already being cancelled
    /// (<see cref="CancelRequested"/> as read): nothing was requested or journaled by this call, so a host records no second
    /// cancel (session 47: the server answered 202 and audited a cancel that changed nothing).
    /// </summary>
    public bool CancelAlreadyRequested { get; init; }

    /// <summary>
    /// Set on what the incident operations answer (<see cref="Runtime.IWorkflowClient.RetryIncidentAsync"/>, skip, and the
    /// outcome decisions, and the cancel of a faulted journey, which ends its incident): the incident that call answered, as it stood when it was answered (so still open here; the
    /// journey's <see cref="Incident"/> is the one open now, if any). The audit trail names its step, kind and id from it,
    /// read in the same transaction as the answer rather than looked up before or after it (docs/api.md, "Audit").
    /// </summary>
    public IncidentInfo? AnsweredIncident { get; init; }

    /// <summary>
    /// Set on what <see cref="Runtime.IWorkflowClient.SignalAsync"/> answers: for a <b>sensitive</b> signal what the waiting step did
    /// with it in that call (taken, asked for again and why, or failed); for a durable signal <see cref="SignalResult.Queued"/> (it is
    /// stored and run later). Null on every other answer.
    /// </summary>
    public SignalAnswer? SignalAnswer { get; init; }
}
