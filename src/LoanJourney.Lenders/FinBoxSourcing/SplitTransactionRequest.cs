using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.FinBoxSourcing;

/// <summary>Split Credit Line Transaction request.</summary>
public sealed record SplitTransactionRequest
{
    [JsonPropertyName("txnID")]
    public string? TxnID { get; init; }

    [JsonPropertyName("invoices")]
    public List<SplitInvoice>? Invoices { get; init; }
}
