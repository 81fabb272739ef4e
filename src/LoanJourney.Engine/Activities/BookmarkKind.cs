namespace LoanJourney.Engine.Activities;

/// <summary>What kind of stimulus resumes a bookmark.</summary>
public enum BookmarkKind
{
    /// <summary>A webhook event with a correlation key.</summary>
    Webhook,
    /// <summary>A due time.</summary>
    Timer,
    /// <summary>A named input sent to the instance.</summary>
    Signal,
}
