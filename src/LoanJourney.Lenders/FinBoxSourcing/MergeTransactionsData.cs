using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.FinBoxSourcing;

/// <summary><c>data</c> of Merge Credit Line Transactions.</summary>
public sealed record MergeTransactionsData
{
    [JsonPropertyName("mergedTxnID")]
    public string? MergedTxnID { get; init; }
}
