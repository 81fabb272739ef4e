namespace LoanJourney.Server.Workflows.Design.TestRuns;

/// <summary>A step a test-run journey went through, in order.</summary>
internal sealed record PathStepView(string StepId, string Activity, string Status, string? Outcome, int Attempt, string? Error);
