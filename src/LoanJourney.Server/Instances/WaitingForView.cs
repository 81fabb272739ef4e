namespace LoanJourney.Server.Instances;

internal sealed record WaitingForView(string Kind, string? Key, DateTimeOffset? DueAt, bool Sensitive, string? Purpose, string StepId, string? DeferredOn);
