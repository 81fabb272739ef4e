namespace LoanJourney.Engine.Model;

/// <summary>What an erasure did.</summary>
/// <param name="Cancelled">Journeys cancelled (with compensation) first.</param>
/// <param name="Redacted">Journeys redacted now.</param>
/// <param name="AlreadyRedacted">Journeys found redacted already (by retention or an earlier erasure).</param>
/// <param name="InboxRecords">Inbox records redacted by key (those consumed by the journeys are redacted with them).</param>
/// <param name="FreedSpacePurged">Whether the store could make the freed bytes unreachable at once (see <c>PurgeFreedSpaceAsync</c>).</param>
/// <param name="PurgeFailure">Why not, when not (<see cref="Storage.FreedSpacePurge"/>: <c>diskFull</c>, <c>busy</c>, <c>storeError</c>); null when purged.</param>
/// <param name="PurgeUnfinished">PostgreSQL: the tables the purge did not vacuum when it stopped (<see cref="Storage.FreedSpacePurge.Unpurged"/>); null otherwise.</param>
public sealed record ErasureResult(IReadOnlyList<string> Cancelled, IReadOnlyList<RedactedInstance> Redacted, int AlreadyRedacted, int InboxRecords, bool FreedSpacePurged,
    string? PurgeFailure = null, IReadOnlyList<string>? PurgeUnfinished = null);
