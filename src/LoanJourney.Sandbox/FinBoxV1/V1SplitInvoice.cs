using System.Text.Json.Serialization;

namespace LoanJourney.Sandbox.FinBoxV1;

/// <summary>One sub-transaction of a split; a blank <c>invoiceNo</c> is allowed, as documented.</summary>
internal sealed record V1SplitInvoice(
    [property: JsonPropertyName("invoiceNo")] string? InvoiceNo,
    [property: JsonPropertyName("amount")] decimal? Amount);
