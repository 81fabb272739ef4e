namespace LoanJourney.Engine.Storage;

/// <summary>A stored journal entry (data is opaque JSON text).</summary>
public sealed record JournalRecord(long Sequence, string InstanceId, DateTimeOffset At, string Kind, string? StepId, int? Attempt, string? DataJson);
