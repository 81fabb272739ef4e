namespace LoanJourney.Server.Instances;

internal sealed record StepView(
    string StepId, string Activity, string Status, string? Outcome, int Attempts, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt,
    long? DurationMs, string? Error);
