namespace LoanJourney.Server.Workflows.Design.TestRuns;

/// <summary>An incident a test-run journey raised (a step that exhausted its retries).</summary>
internal sealed record TestRunIncidentView(string Id, string StepId, string ErrorKind, string Message, int Attempts);
