namespace LoanJourney.Engine.Storage;

/// <summary>
/// What <see cref="IWorkflowStore.PurgeFreedSpaceAsync"/> did: whether the freed bytes are unreachable in the store's files now,
/// and when not, why, as a stable code (docs/server.md, "Erasure"): <see cref="DiskFull"/>, <see cref="Busy"/> or <see cref="StoreError"/>.
/// </summary>
/// <param name="Purged">Whether the store made the freed bytes unreachable.</param>
/// <param name="Failure">Why not, when not; null when purged.</param>
public sealed record FreedSpacePurge(bool Purged, string? Failure)
{
    /// <summary>The rewrite needed more free disk than there was (SQLite's VACUUM needs about the database's size again: SQLITE_FULL; PostgreSQL: 53100).</summary>
    public const string DiskFull = "diskFull";

    /// <summary>
    /// Another connection held the database: a reader's snapshot kept the checkpoint from emptying the WAL, or the rewrite from its
    /// lock (PostgreSQL: 55P03 at the VACUUM's lock_timeout, or 57014 at its statement_timeout).
    /// </summary>
    public const string Busy = "busy";

    /// <summary>Any other error of the store during the rewrite (an I/O error, a read-only file).</summary>
    public const string StoreError = "storeError";

    /// <summary>The freed bytes are unreachable.</summary>
    public static FreedSpacePurge Done { get; } = new(true, null);

    /// <summary>Not purged, for <paramref name="failure"/>.</summary>
    public static FreedSpacePurge Failed(string failure) => new(false, failure);

    /// <summary>
    /// PostgreSQL (session 53): the tables this purge did not vacuum, in the order it would have, when it stopped at its cap or at a
    /// table's lock; null when purged, and on SQLite (one VACUUM of the whole file). An erasure repeated starts with them.
    /// </summary>
    public IReadOnlyList<string>? Unpurged { get; init; }

    /// <inheritdoc />
    public bool Equals(FreedSpacePurge? other) =>
        other is not null && Purged == other.Purged && string.Equals(Failure, other.Failure, StringComparison.Ordinal) &&
        (Unpurged ?? []).SequenceEqual(other.Unpurged ?? [], StringComparer.Ordinal);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Purged, Failure, Unpurged?.Count ?? 0);
}
