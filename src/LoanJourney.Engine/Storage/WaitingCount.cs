namespace LoanJourney.Engine.Storage;

/// <summary>How many journeys of a workflow wait at one step.</summary>
public sealed record WaitingCount(string WorkflowId, string StepId, long Count);
