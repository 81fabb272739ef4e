namespace LoanJourney.Engine.Storage;

/// <summary>
/// A draft save. <paramref name="Mode"/> says what the workflow must look like first; <paramref name="ExpectedRevision"/>
/// (when set) must be the current draft's revision, and <paramref name="ExpectedVersion"/> (when set) the latest published
/// version (0: none yet): the version the edit began on, so a save cannot undo a publish made since.
/// <paramref name="Action"/> and <paramref name="Summary"/> go to the history.
/// </summary>
public sealed record DraftSave(
    string WorkflowId,
    string Json,
    string ContentHash,
    string Author,
    DateTimeOffset Now,
    DraftSaveMode Mode,
    long? ExpectedRevision,
    string Action,
    string Summary,
    int? ExpectedVersion = null);
