namespace LoanJourney.Engine.Model;

/// <summary>One page of a workflow's journeys waiting longer than a threshold, longest wait first.</summary>
/// <param name="Items">The page.</param>
/// <param name="Next">The cursor of the page after this one, or null when this page is the last.</param>
/// <param name="Total">How many journeys wait longer than the threshold, when it was asked for (the funnel's first page); else null.</param>
public sealed record WaitingPage(IReadOnlyList<WorkflowInstanceSummary> Items, WaitingCursor? Next, long? Total = null);
