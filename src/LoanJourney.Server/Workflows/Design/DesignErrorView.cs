namespace LoanJourney.Server.Workflows.Design;

/// <summary>One validation error: the step at fault (null for the definition itself), the property path within it, a stable code, and a message.</summary>
public sealed record DesignErrorView(string? StepId, string? Field, string Code, string Message);
