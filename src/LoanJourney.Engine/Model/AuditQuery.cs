namespace LoanJourney.Engine.Model;

/// <summary>Filters of the audit listing (all optional, combined with AND); newest first.</summary>
public sealed record AuditQuery
{
    /// <summary>At or after.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Before.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Exact principal name.</summary>
    public string? Principal { get; init; }

    /// <summary>Exact action (<see cref="AuditActions"/>).</summary>
    public string? Action { get; init; }

    /// <summary>
    /// Any of these actions (<see cref="AuditActions"/>; null or empty: any action), combined with <see cref="Action"/> by
    /// AND like every filter. Session 46: an auditor asking for "every publish and every repair in Q3" asked once per action.
    /// </summary>
    public IReadOnlyList<string>? Actions { get; init; }

    /// <summary>Exact workflow id.</summary>
    public string? WorkflowId { get; init; }

    /// <summary>Exact journey id.</summary>
    public string? InstanceId { get; init; }

    /// <summary>
    /// Only entries older than this one (its <c>seq</c>): the <c>next</c> of the page before, so that a page does not shift
    /// when new actions are recorded while someone pages (as an offset does). The total still counts every match.
    /// </summary>
    public long? Before { get; init; }

    /// <summary>Entries to skip.</summary>
    public int Skip { get; init; }

    /// <summary>Page size.</summary>
    public int Take { get; init; } = 100;

    /// <summary>
    /// Whether to count every match (<see cref="PagedResult{T}.Total"/>). The export reads keyset pages and needs no total:
    /// false skips the <c>COUNT(*)</c> (one per page, ~1,000 for a million entries) and the result's Total is -1.
    /// </summary>
    public bool CountTotal { get; init; } = true;
}
