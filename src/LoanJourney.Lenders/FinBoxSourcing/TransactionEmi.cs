using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.FinBoxSourcing;

/// <summary>One EMI of a credit line transaction.</summary>
public sealed record TransactionEmi
{
    [JsonPropertyName("amount")]
    public decimal? Amount { get; init; }

    [JsonPropertyName("installmentNum")]
    public int? InstallmentNum { get; init; }

    [JsonPropertyName("charges")]
    public List<EmiCharge>? Charges { get; init; }

    [JsonPropertyName("status")]
    public string? Status { get; init; }

    [JsonPropertyName("dueDate")]
    public string? DueDate { get; init; }

    [JsonPropertyName("paidDate")]
    public string? PaidDate { get; init; }

    [JsonPropertyName("totalPayable")]
    public decimal? TotalPayable { get; init; }
}
