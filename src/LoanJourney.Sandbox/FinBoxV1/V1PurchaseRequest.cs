using System.Text.Json.Serialization;

namespace LoanJourney.Sandbox.FinBoxV1;

/// <summary>Control route body: a borrower's purchase on the credit line, which the partner then confirms, cancels, splits or merges.</summary>
internal sealed record V1PurchaseRequest(
    [property: JsonPropertyName("amount")] decimal? Amount,
    [property: JsonPropertyName("partnerTxnID")] string? PartnerTxnId,
    [property: JsonPropertyName("invoiceNo")] string? InvoiceNo);
