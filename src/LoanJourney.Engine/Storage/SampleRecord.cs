namespace LoanJourney.Engine.Storage;

/// <summary>A workflow's sample start input as the store keeps it (one per workflow; docs/studio.md, "Sample input").</summary>
public sealed record SampleRecord(string WorkflowId, string Json, string SavedBy, DateTimeOffset SavedAt);
