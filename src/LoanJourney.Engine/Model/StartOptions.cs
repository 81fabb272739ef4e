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
}
