using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.FinBoxSourcing;

/// <summary>One credit line transaction.</summary>
public sealed record CreditLineTransaction
{
    [JsonPropertyName("txnID")]
    public string? TxnID { get; init; }

    [JsonPropertyName("partnerTxnID")]
    public string? PartnerTxnID { get; init; }

    [JsonPropertyName("invoiceNo")]
    public string? InvoiceNo { get; init; }

    [JsonPropertyName("txnStatus")]
    public string? TxnStatus { get; init; }

    [JsonPropertyName("amount")]
    public decimal? Amount { get; init; }

    [JsonPropertyName("interest")]
    public decimal? Interest { get; init; }

    [JsonPropertyName("emiCalculationMethod")]
    public string? EmiCalculationMethod { get; init; }

    [JsonPropertyName("subventionAmount")]
    public decimal? SubventionAmount { get; init; }

    [JsonPropertyName("processingFee")]
    public decimal? ProcessingFee { get; init; }

    [JsonPropertyName("gst")]
    public decimal? Gst { get; init; }

    [JsonPropertyName("disbursalAmount")]
    public decimal? DisbursalAmount { get; init; }

    [JsonPropertyName("createdAt")]
    public string? CreatedAt { get; init; }

    [JsonPropertyName("disbursalUTR")]
    public string? DisbursalUTR { get; init; }

    [JsonPropertyName("emis")]
    public List<TransactionEmi>? Emis { get; init; }
}
