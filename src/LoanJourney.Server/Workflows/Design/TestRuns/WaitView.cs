namespace LoanJourney.Server.Workflows.Design.TestRuns;

/// <summary>What a test-run journey waits for at the end of its run (a signal or webhook the test run does not send).</summary>
internal sealed record WaitView(string Kind, string Name, string StepId);
