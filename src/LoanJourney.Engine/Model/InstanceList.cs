namespace LoanJourney.Engine.Model;

/// <summary>One page of an instance list, the total matching count, and counts per status.</summary>
/// <param name="Items">The page.</param>
/// <param name="Total">Instances matching every filter.</param>
/// <param name="CountsByStatus">Instances per status matching every filter except the status filters (every status present, zero included).</param>
public sealed record InstanceList(IReadOnlyList<WorkflowInstanceSummary> Items, long Total, IReadOnlyDictionary<WorkflowStatus, long> CountsByStatus)
{
    /// <summary>The cursor of the page after this one (<see cref="InstanceQuery.After"/>), or null when this page is not full.</summary>
    public InstanceCursor? Next(InstanceQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Items.Count > 0 && Items.Count >= Math.Clamp(query.Take, 1, 500) ? InstanceCursor.After(Items[^1], query.Sort, query.Descending) : null;
    }
}
