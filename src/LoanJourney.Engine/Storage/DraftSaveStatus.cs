namespace LoanJourney.Engine.Storage;

/// <summary>Outcome of a draft save.</summary>
public enum DraftSaveStatus
{
    /// <summary>Saved with a new revision.</summary>
    Saved,
    /// <summary><see cref="DraftSaveMode.Create"/> but the workflow exists.</summary>
    AlreadyExists,
    /// <summary><see cref="DraftSaveMode.Update"/> but the workflow does not exist.</summary>
    NotFound,
    /// <summary>The expected revision is not the draft's current one.</summary>
    StaleRevision,
    /// <summary>The expected version is not the latest published one: a version was published since the edit began.</summary>
    StaleVersion,
}
