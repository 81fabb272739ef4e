using System.Text.Json.Serialization;

namespace LoanJourney.Sandbox.FinBoxV1;

/// <summary>Cancel, split and merge share one body shape: the fields each endpoint documents.</summary>
internal sealed record V1TxnRequest(
    [property: JsonPropertyName("txnID")] string? TxnId,
    [property: JsonPropertyName("invoices")] IReadOnlyList<V1SplitInvoice?>? Invoices,
    [property: JsonPropertyName("txnIDs")] IReadOnlyList<string?>? TxnIds);
