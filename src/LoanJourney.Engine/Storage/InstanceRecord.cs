using LoanJourney.Engine.Model;

namespace LoanJourney.Engine.Storage;

/// <summary>The stored row of an instance. JSON columns are kept as text; the runner parses them.</summary>
public sealed record InstanceRecord
{
    /// <summary>Instance id.</summary>
    public required string Id { get; init; }
    /// <summary>Definition id.</summary>
    public required string WorkflowId { get; init; }
    /// <summary>Definition version.</summary>
    public required int WorkflowVersion { get; init; }
    /// <summary>Status.</summary>
    public required WorkflowStatus Status { get; init; }
    /// <summary>Journey outcome.</summary>
    public string? Outcome { get; init; }
    /// <summary>Correlation id.</summary>
    public string? CorrelationId { get; init; }
    /// <summary>Idempotency key of the start.</summary>
    public string? IdempotencyKey { get; init; }
    /// <summary>The partner whose scoped principal started it (docs/server.md, "Partner scope"); null when started unscoped or by the engine.</summary>
    public string? Partner { get; init; }
    /// <summary>Start input JSON.</summary>
    public required string InputJson { get; init; }
    /// <summary>Variables JSON object.</summary>
    public required string VariablesJson { get; init; }
    /// <summary>Step outputs JSON object (step id → output).</summary>
    public required string OutputsJson { get; init; }
    /// <summary>Step history JSON array.</summary>
    public required string HistoryJson { get; init; }
    /// <summary>Current step.</summary>
    public string? CurrentStepId { get; init; }
    /// <summary>Attempt of the current step.</summary>
    public int Attempt { get; init; } = 1;
    /// <summary>Durable state bag of the current step.</summary>
    public string? StepStateJson { get; init; }
    /// <summary>A fired stimulus not yet processed (never a sensitive payload).</summary>
    public string? PendingStimulusJson { get; init; }
    /// <summary>Cancellation in progress.</summary>
    public bool CancelRequested { get; init; }
    /// <summary>When it next has work (claimable); null when it waits only for external stimuli or is finished.</summary>
    public DateTimeOffset? ReadyAt { get; init; }
    /// <summary>Optimistic concurrency version, incremented by every commit.</summary>
    public long Version { get; init; }
    /// <summary>Node holding the lease.</summary>
    public string? LeaseOwner { get; init; }
    /// <summary>Fencing token: incremented by every claim.</summary>
    public long LeaseToken { get; init; }
    /// <summary>Lease expiry.</summary>
    public DateTimeOffset? LeaseExpiresAt { get; init; }
    /// <summary>Created.</summary>
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>Last change.</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}
