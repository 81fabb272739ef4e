using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.FinBoxPrism;

/// <summary><c>mandateDetails</c> of the NACH invocation.</summary>
public sealed record MandateDetails
{
    [JsonPropertyName("accountNumber")]
    public string? AccountNumber { get; init; }

    [JsonPropertyName("accountType")]
    public string? AccountType { get; init; }

    [JsonPropertyName("bankName")]
    public string? BankName { get; init; }

    [JsonPropertyName("mandateType")]
    public string? MandateType { get; init; }

    [JsonPropertyName("accountHolderName")]
    public string? AccountHolderName { get; init; }

    [JsonPropertyName("ifsc")]
    public string? Ifsc { get; init; }

    [JsonPropertyName("mandateAmount")]
    public decimal? MandateAmount { get; init; }

    [JsonPropertyName("vendor")]
    public string? Vendor { get; init; }

    [JsonPropertyName("vendorDocID")]
    public string? VendorDocID { get; init; }

    [JsonPropertyName("npciTxnID")]
    public string? NpciTxnID { get; init; }
}
