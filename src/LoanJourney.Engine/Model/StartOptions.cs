namespace LoanJourney.Engine.Model;

/// <summary>Options of a start.</summary>
public sealed record StartOptions
{
    /// <summary>Caller's correlation id (searchable; keep PII out of it).</summary>
    public string? CorrelationId { get; init; }

    /// <summary>A repeated start with the same key returns the first instance.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>The principal who started it through the API (journaled with <c>InstanceStarted</c>); null for starts by the engine.</summary>
    public string? StartedBy { get; init; }

    /// <summary>The partner the starting principal is scoped to (stored with the journey; a scoped principal sees only its own).</summary>
    public string? Partner { get; init; }

    /// <summary>A specific version; the latest loaded version by default.</summary>
    public int? Version { get; init; }

    /// <summary>
    /// The engine's judgement of this start's input (<see cref="Definitions.WorkflowInputSchema.Judge"/>), when the caller judged it
    /// already to answer its own errors first: the start then does not evaluate the input schema again. Used only when it is the
    /// judgement of the very input node passed to the start against the very version the start resolves; otherwise, or when null,
    /// the start judges the input itself. The text judged is what the journey stores.
    /// </summary>
    public Definitions.StartInputJudgement? JudgedInput { get; init; }

    /// <summary>
    /// The start's audit entry, made from the journey about to be created and committed in the same transaction as the
    /// journey and its <c>InstanceStarted</c> entry: stored if and only if this start creates the journey (none for an
    /// idempotent replay, none for a start that does not commit). Null: no entry (starts by the engine).
    /// </summary>
    public StartAuditEntry? Audit { get; init; }
}

/// <summary>Makes a start's audit entry (<see cref="StartOptions.Audit"/>) from the journey it creates.</summary>
/// <param name="workflowId">The journey's workflow.</param>
/// <param name="instanceId">The journey's id.</param>
/// <param name="workflowVersion">The version it runs.</param>
public delegate AuditEntry StartAuditEntry(string workflowId, string instanceId, int workflowVersion);
