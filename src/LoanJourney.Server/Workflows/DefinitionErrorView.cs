namespace LoanJourney.Server.Workflows;

internal sealed record DefinitionErrorView(string File, string? WorkflowId, string? StepId, string Code, string Message);
