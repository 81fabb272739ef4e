namespace LoanJourney.Engine.Storage;

/// <summary>A persisted intent of a once-only side effect.</summary>
public sealed record IntentRecord(string InstanceId, string Key, string StepId, string DataJson, DateTimeOffset CreatedAt);
