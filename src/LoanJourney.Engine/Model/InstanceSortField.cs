namespace LoanJourney.Engine.Model;

/// <summary>What an instance list is sorted by.</summary>
public enum InstanceSortField
{
    /// <summary>Creation time.</summary>
    CreatedAt,
    /// <summary>Time of the last committed change.</summary>
    UpdatedAt,
    /// <summary>
    /// When a waiting journey's current step started (how long it has waited; ascending = longest wait first). Only with
    /// <see cref="InstanceQuery.WaitingSinceBefore"/> (waiting journeys only) and without a cursor: the funnel's stuck list.
    /// </summary>
    WaitingSince,
}
