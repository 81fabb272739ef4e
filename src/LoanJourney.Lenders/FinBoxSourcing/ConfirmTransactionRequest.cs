using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.FinBoxSourcing;

/// <summary>Confirm Credit Line Transaction request (e-commerce format).</summary>
public sealed record ConfirmTransactionRequest
{
    [JsonPropertyName("txnID")]
    public string? TxnID { get; init; }

    [JsonPropertyName("awbNo")]
    public string? AwbNo { get; init; }

    [JsonPropertyName("invoiceNo")]
    public string? InvoiceNo { get; init; }

    [JsonPropertyName("podExtension")]
    public string? PodExtension { get; init; }

    [JsonPropertyName("podBase64")]
    public string? PodBase64 { get; init; }

    [JsonPropertyName("invoiceExtension")]
    public string? InvoiceExtension { get; init; }

    [JsonPropertyName("invoiceBase64")]
    public string? InvoiceBase64 { get; init; }
}
