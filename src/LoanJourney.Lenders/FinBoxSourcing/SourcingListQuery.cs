namespace LoanJourney.Lenders.FinBoxSourcing;

/// <summary>Query parameters of List Users and List Loans; all optional (FinBox defaults: limit 10, page 1).</summary>
public sealed record SourcingListQuery
{
    public int? Limit { get; init; }

    public int? Page { get; init; }

    /// <summary>Start date (IST); use together with <see cref="To"/>.</summary>
    public DateOnly? From { get; init; }

    public DateOnly? To { get; init; }

    /// <summary>Matches <c>%customerID%</c>.</summary>
    public string? CustomerID { get; init; }

    /// <summary>Matches <c>%mobile%</c>; masked in logs and call records.</summary>
    public string? Mobile { get; init; }

    public string? StatusText { get; init; }
}
