namespace LoanJourney.Engine.Model;

/// <summary>One page of an instance list, the total matching count, and counts per status.</summary>
/// <param name="Items">The page.</param>
/// <param name="Total">Instances matching every filter.</param>
/// <param name="CountsByStatus">Instances per status matching every filter except the status filters (every status present, zero included).</param>
public sealed record InstanceList(IReadOnlyList<WorkflowInstanceSummary> Items, long Total, IReadOnlyDictionary<WorkflowStatus, long> CountsByStatus);
