namespace LoanJourney.Engine.Design;

/// <summary>Outcome of a publish request.</summary>
public enum PublishStatus
{
    /// <summary>Published (or the draft equalled the latest version, which stays the latest).</summary>
    Published,
    /// <summary>The workflow has no draft.</summary>
    NoDraft,
    /// <summary>The draft was saved again after the expected revision.</summary>
    StaleRevision,
    /// <summary>The draft does not validate.</summary>
    Invalid,
}
