namespace LoanJourney.Server.Privacy;

internal sealed record RetentionRunView(DateTimeOffset At, string Kind, int Count, IReadOnlyList<string> InstanceIds);
