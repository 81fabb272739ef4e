using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.FinBoxSourcing;

/// <summary>One offer of Loan Offers (its <c>data</c> is an array).</summary>
public sealed record LoanOffer
{
    [JsonPropertyName("amount")]
    public decimal? Amount { get; init; }

    [JsonPropertyName("tenureMonths")]
    public int? TenureMonths { get; init; }

    [JsonPropertyName("annualInterest")]
    public decimal? AnnualInterest { get; init; }

    [JsonPropertyName("processingFee")]
    public decimal? ProcessingFee { get; init; }

    [JsonPropertyName("gst")]
    public decimal? Gst { get; init; }

    [JsonPropertyName("advanceEMIAmount")]
    public decimal? AdvanceEMIAmount { get; init; }

    [JsonPropertyName("emiCalculationMethod")]
    public string? EmiCalculationMethod { get; init; }

    [JsonPropertyName("status")]
    public string? Status { get; init; }

    [JsonPropertyName("disbursalAmount")]
    public decimal? DisbursalAmount { get; init; }

    [JsonPropertyName("totalPayableAmount")]
    public decimal? TotalPayableAmount { get; init; }

    [JsonPropertyName("emis")]
    public List<OfferEmi>? Emis { get; init; }
}
