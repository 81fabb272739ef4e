namespace LoanJourney.Server.Workflows;

internal sealed record RetryView(int MaxAttempts, long InitialDelayMs, double BackoffFactor, long MaxDelayMs, IReadOnlyList<string> NonRetryable);
