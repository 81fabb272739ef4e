namespace LoanJourney.Engine.Storage;

/// <summary>How many journeys of a workflow wait at one step (<paramref name="Status"/> <c>Waiting</c>), or are faulted there with an
/// open incident (<c>Faulted</c>).</summary>
public sealed record WaitingCount(string WorkflowId, string StepId, long Count, string Status = "Waiting");
