namespace LoanJourney.Engine.Storage;

/// <summary>
/// One batch of audit entries removed by the trail's retention (<c>Retention:AuditTrail</c>): how many, and the times of the
/// oldest and newest removed (null when none was). Never what they said: the batch's own audit entry records only this.
/// </summary>
public sealed record AuditExpiry(int Count, DateTimeOffset? Oldest, DateTimeOffset? Newest)
{
    /// <summary>Nothing was older than the cut-off.</summary>
    public static readonly AuditExpiry None = new(0, null, null);

    internal static AuditExpiry Of(IReadOnlyCollection<long> removedAt) =>
        removedAt.Count == 0 ? None : new(removedAt.Count, Sqlite.UnixMs.From(removedAt.Min()), Sqlite.UnixMs.From(removedAt.Max()));
}
