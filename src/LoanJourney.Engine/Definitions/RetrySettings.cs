namespace LoanJourney.Engine.Definitions;

/// <summary>A parsed retry policy.</summary>
public sealed record RetrySettings(int MaxAttempts, TimeSpan InitialDelay, double BackoffFactor, TimeSpan MaxDelay, IReadOnlySet<string> NonRetryable)
{
    /// <summary>One attempt, no retry.</summary>
    public static RetrySettings None { get; } = new(1, TimeSpan.FromSeconds(1), 2, TimeSpan.FromSeconds(100), new HashSet<string>());

    /// <summary>Whether a failure of <paramref name="errorKind"/> on attempt <paramref name="attempt"/> gets another attempt.</summary>
    public bool ShouldRetry(string errorKind, int attempt) => attempt < MaxAttempts && !NonRetryable.Contains(errorKind);

    /// <summary>Back-off before attempt <paramref name="attempt"/> + 1.</summary>
    public TimeSpan DelayAfter(int attempt)
    {
        var ticks = InitialDelay.Ticks * Math.Pow(BackoffFactor, Math.Max(0, attempt - 1));
        return ticks >= MaxDelay.Ticks ? MaxDelay : TimeSpan.FromTicks((long)ticks);
    }
}
