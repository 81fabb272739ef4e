namespace LoanJourney.Engine.Definitions;

/// <summary>Per-step retry policy (Temporal's vocabulary).</summary>
public sealed record RetryPolicyDefinition
{
    /// <summary>Total attempts including the first (1 = no retry).</summary>
    public int MaxAttempts { get; init; } = 1;

    /// <summary>Delay before the second attempt.</summary>
    public string InitialDelay { get; init; } = "00:00:01";

    /// <summary>Multiplier per further attempt.</summary>
    public double BackoffFactor { get; init; } = 2.0;

    /// <summary>Upper bound of a delay.</summary>
    public string? MaxDelay { get; init; }

    /// <summary>Error kinds that are never retried.</summary>
    public IReadOnlyList<string> NonRetryable { get; init; } = [];
}
