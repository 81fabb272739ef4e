namespace LoanJourney.Engine.Storage;

/// <summary>An immutable published version: JSON, content hash, author and time.</summary>
public sealed record PublishedDefinition(string WorkflowId, int Version, string Json, string ContentHash, string PublishedBy, DateTimeOffset PublishedAt);
