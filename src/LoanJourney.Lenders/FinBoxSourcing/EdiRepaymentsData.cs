using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.FinBoxSourcing;

/// <summary><c>data</c> of EDI repayments.</summary>
public sealed record EdiRepaymentsData
{
    [JsonPropertyName("loanApplicationID")]
    public string? LoanApplicationID { get; init; }

    [JsonPropertyName("numTotalEDIs")]
    public int? NumTotalEDIs { get; init; }

    [JsonPropertyName("numPaidEDIs")]
    public int? NumPaidEDIs { get; init; }

    [JsonPropertyName("numUnpaidEDIs")]
    public int? NumUnpaidEDIs { get; init; }

    [JsonPropertyName("numOverdueEDIs")]
    public int? NumOverdueEDIs { get; init; }

    [JsonPropertyName("totalLoanAmount")]
    public decimal? TotalLoanAmount { get; init; }

    [JsonPropertyName("amountPaid")]
    public decimal? AmountPaid { get; init; }

    [JsonPropertyName("amountUnpaid")]
    public decimal? AmountUnpaid { get; init; }

    [JsonPropertyName("amountOverdue")]
    public decimal? AmountOverdue { get; init; }

    [JsonPropertyName("lateCharges")]
    public decimal? LateCharges { get; init; }

    [JsonPropertyName("totalLateFees")]
    public decimal? TotalLateFees { get; init; }

    [JsonPropertyName("lastEDIPaidDate")]
    public string? LastEDIPaidDate { get; init; }

    [JsonPropertyName("lastEDIPaidAmount")]
    public decimal? LastEDIPaidAmount { get; init; }

    [JsonPropertyName("excessFunds")]
    public decimal? ExcessFunds { get; init; }
}
