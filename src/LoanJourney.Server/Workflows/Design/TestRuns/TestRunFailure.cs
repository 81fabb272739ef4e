namespace LoanJourney.Server.Workflows.Design.TestRuns;

/// <summary>Why a test run could not start: a field of the request (or <c>null</c>) and a message.</summary>
internal sealed record TestRunFailure(int Status, string Code, string? Field, string Message);
