namespace LoanJourney.Server.Privacy;

/// <summary>
/// An erasure's answer (docs/api.md). <c>PurgeFailure</c> says why <c>FreedSpacePurged</c> is false, as a stable code
/// (<c>diskFull</c>, <c>busy</c>, <c>storeError</c>; docs/server.md, "Erasure"), and is null when the freed space was purged.
/// <c>PurgeUnfinished</c> (PostgreSQL, session 53) names the tables the purge did not vacuum when it stopped; null otherwise.
/// </summary>
internal sealed record ErasureView(string CustomerHash, IReadOnlyList<string> Cancelled, IReadOnlyList<string> Redacted, int AlreadyRedacted, int InboxRecords, bool FreedSpacePurged,
    string? PurgeFailure, IReadOnlyList<string>? PurgeUnfinished = null);
