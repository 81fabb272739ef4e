using LoanJourney.Sandbox.Scenarios;

namespace LoanJourney.Sandbox.FinBoxV1;

/// <summary>A v1 user's credit line (from its scenario row) and its transactions, oldest first; guarded by the store's gate.</summary>
internal sealed class V1CreditLine(V1CreditLineTerms terms, string validity)
{
    public V1CreditLineTerms Terms { get; } = terms;

    /// <summary><c>YYYY-MM-DD</c>, as documented.</summary>
    public string Validity { get; } = validity;

    public string Status => Terms.InactiveReason.Length == 0 ? "ACTIVE" : "INACTIVE";

    public List<V1CreditLineTxn> Transactions { get; } = [];

    /// <summary>The limit less what confirmed transactions drew.</summary>
    public decimal AvailableLimit => Terms.MaxLimit - Sum(V1TxnStatuses.Confirmed);

    /// <summary>What a new purchase may still draw: pending purchases are held against the limit so confirming them never overdraws it.</summary>
    public decimal Unreserved => AvailableLimit - Sum(V1TxnStatuses.Processing);

    private decimal Sum(string status) => Transactions.Where(t => t.Status == status).Sum(t => t.Amount);
}
