using System.Text.Json.Serialization;

namespace LoanJourney.Sandbox.FinBoxV1;

/// <summary>Confirm Credit Line Transaction (e-commerce format): the invoice and proof of delivery as base64 files.</summary>
internal sealed record V1ConfirmRequest(
    [property: JsonPropertyName("txnID")] string? TxnId,
    [property: JsonPropertyName("awbNo")] string? AwbNo,
    [property: JsonPropertyName("invoiceNo")] string? InvoiceNo,
    [property: JsonPropertyName("podExtension")] string? PodExtension,
    [property: JsonPropertyName("podBase64")] string? PodBase64,
    [property: JsonPropertyName("invoiceExtension")] string? InvoiceExtension,
    [property: JsonPropertyName("invoiceBase64")] string? InvoiceBase64);
