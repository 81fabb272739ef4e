namespace LoanJourney.Engine.Storage;

/// <summary>
/// Outcome of a draft save and the draft's revision after it (the current one when not saved; 0 when there is no draft);
/// for <see cref="DraftSaveStatus.StaleVersion"/>, the latest published version.
/// </summary>
public sealed record DraftSaveResult(DraftSaveStatus Status, long Revision, int LatestVersion = 0);
