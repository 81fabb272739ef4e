namespace LoanJourney.Engine.Storage;

/// <summary>The one draft of a workflow: its JSON as last saved (valid or not), revision, hash, who saved it and when.</summary>
public sealed record DraftRecord(string WorkflowId, long Revision, string Json, string ContentHash, string SavedBy, DateTimeOffset SavedAt);
