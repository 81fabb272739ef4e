namespace LoanJourney.Engine.Model;

/// <summary>One page of a workflow's faulted journeys in triage order (money questions awaiting a decision first, then by when each faulted).</summary>
/// <param name="Items">The page.</param>
/// <param name="Next">The cursor of the page after this one, or null when this page is the last.</param>
public sealed record FaultedPage(IReadOnlyList<WorkflowInstanceSummary> Items, FaultedCursor? Next);
