namespace LoanJourney.Server.Events;

/// <summary>
/// <c>Server:Events:SessionRecheck</c> (15 s, the keep-alive): how often a live-update stream opened with the session cookie
/// checks that the session still stands (not signed out, its principal still configured), ending the stream when it does not.
/// </summary>
internal sealed record LiveUpdateOptions(TimeSpan SessionRecheck);
