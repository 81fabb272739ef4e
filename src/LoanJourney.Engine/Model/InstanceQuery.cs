namespace LoanJourney.Engine.Model;

/// <summary>Filters, sort and paging for listing instances (newest first by default).</summary>
public sealed partial record InstanceQuery
{
    /// <summary>Only this workflow id.</summary>
    public string? WorkflowId { get; init; }

    /// <summary>Only this status.</summary>
    public WorkflowStatus? Status { get; init; }

    /// <summary>Only this correlation id.</summary>
    public string? CorrelationId { get; init; }

    /// <summary>Items to skip.</summary>
    public int Skip { get; init; }

    /// <summary>Page size (1–500).</summary>
    public int Take { get; init; } = 50;
}
