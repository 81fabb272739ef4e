namespace LoanJourney.Engine.Model;

/// <summary>
/// A page of the change feed: the summaries of the changed instances the caller did not have yet, and the position after the page
/// (<see cref="Scanned"/> changes were read; fewer than asked means the feed is exhausted for now).
/// </summary>
public sealed record ChangePage(IReadOnlyList<WorkflowInstanceSummary> Changed, ChangeCursor? Last, int Scanned);
