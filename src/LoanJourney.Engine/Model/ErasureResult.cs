namespace LoanJourney.Engine.Model;

/// <summary>What an erasure did.</summary>
/// <param name="Cancelled">Journeys cancelled (with compensation) first.</param>
/// <param name="Redacted">Journeys redacted now.</param>
/// <param name="AlreadyRedacted">Journeys found redacted already (by retention or an earlier erasure).</param>
/// <param name="InboxRecords">Inbox records redacted by key (those consumed by the journeys are redacted with them).</param>
/// <param name="FreedSpacePurged">Whether the store could make the freed bytes unreachable at once (see <c>PurgeFreedSpaceAsync</c>).</param>
public sealed record ErasureResult(IReadOnlyList<string> Cancelled, IReadOnlyList<RedactedInstance> Redacted, int AlreadyRedacted, int InboxRecords, bool FreedSpacePurged);
