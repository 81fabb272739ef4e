namespace LoanJourney.Engine.Model;

/// <summary>A row of an instance list.</summary>
public sealed partial record WorkflowInstanceSummary(
    string Id,
    string WorkflowId,
    int WorkflowVersion,
    WorkflowStatus Status,
    string? Outcome,
    string? CorrelationId,
    string? CurrentStepId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
