using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.FinBoxSourcing;

/// <summary>Merge Credit Line Transactions request.</summary>
public sealed record MergeTransactionsRequest
{
    [JsonPropertyName("txnIDs")]
    public List<string>? TxnIDs { get; init; }
}
