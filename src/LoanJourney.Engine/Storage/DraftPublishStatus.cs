namespace LoanJourney.Engine.Storage;

/// <summary>Outcome of publishing a draft.</summary>
public enum DraftPublishStatus
{
    /// <summary>The version is stored and the draft removed.</summary>
    Published,
    /// <summary>The workflow has no draft.</summary>
    NoDraft,
    /// <summary>The draft was saved again after the revision the caller validated.</summary>
    StaleRevision,
    /// <summary>Another publish took the version number first (the caller recomputes and retries).</summary>
    VersionTaken,
}
