namespace LoanJourney.Engine.Storage;

/// <summary>
/// Publishes the draft as <paramref name="Version"/> (its JSON already carries that number) when the draft is still at
/// <paramref name="ExpectedRevision"/>; removes the draft and writes history in the same transaction. With
/// <paramref name="Unchanged"/> the draft equals the latest version (same content hash): no version is stored, the latest
/// version's JSON takes <paramref name="Json"/> (which can differ only in its layout), the draft is removed.
/// </summary>
public sealed record DraftPublish(
    string WorkflowId,
    long ExpectedRevision,
    int Version,
    string Json,
    string ContentHash,
    string Author,
    DateTimeOffset Now,
    string Summary,
    bool Unchanged = false);
