namespace LoanJourney.Engine.Storage;

/// <summary>Result of a commit.</summary>
/// <param name="NewVersion">The row's version after the commit.</param>
/// <param name="ConsumedWebhook">A buffered webhook consumed instead of creating bookmarks.</param>
/// <param name="CancelRequested">Cancellation was requested while the runner held the lease; it must compensate next.</param>
public sealed record CommitResult(long NewVersion, PendingStimulus? ConsumedWebhook, bool CancelRequested = false);
