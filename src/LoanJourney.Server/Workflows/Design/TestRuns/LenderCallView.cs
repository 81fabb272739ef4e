namespace LoanJourney.Server.Workflows.Design.TestRuns;

/// <summary>One lender call attempt of a test-run journey (bodies are left out; the journey's journal is deleted with its store).</summary>
internal sealed record LenderCallView(string? StepId, string? Lender, string? Operation, string? Method, int? HttpStatus, string? LenderCode, int? Attempt);
