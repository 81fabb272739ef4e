using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.FinBoxSourcing;

/// <summary>One sub-transaction of a split.</summary>
public sealed record SplitInvoice
{
    [JsonPropertyName("invoiceNo")]
    public string? InvoiceNo { get; init; }

    [JsonPropertyName("amount")]
    public decimal? Amount { get; init; }
}
