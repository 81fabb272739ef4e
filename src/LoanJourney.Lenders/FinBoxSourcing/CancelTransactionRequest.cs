using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.FinBoxSourcing;

/// <summary>Cancel Credit Line Transaction request.</summary>
public sealed record CancelTransactionRequest
{
    [JsonPropertyName("txnID")]
    public string? TxnID { get; init; }
}
