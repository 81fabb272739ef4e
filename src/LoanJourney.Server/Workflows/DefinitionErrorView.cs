namespace LoanJourney.Server.Workflows;

/// <summary>A file of the definitions directory that did not load: the file, the workflow, step and field at fault (each when known), a stable code and the message.</summary>
internal sealed record DefinitionErrorView(string File, string? WorkflowId, string? StepId, string Code, string Message, string? Field);
