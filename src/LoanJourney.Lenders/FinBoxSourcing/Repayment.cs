using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.FinBoxSourcing;

/// <summary>One EMI of Loan Repayments.</summary>
public sealed record Repayment
{
    [JsonPropertyName("loanPaymentID")]
    public string? LoanPaymentID { get; init; }

    [JsonPropertyName("amount")]
    public decimal? Amount { get; init; }

    [JsonPropertyName("installmentNum")]
    public int? InstallmentNum { get; init; }

    [JsonPropertyName("lateCharge")]
    public decimal? LateCharge { get; init; }

    [JsonPropertyName("status")]
    public string? Status { get; init; }

    [JsonPropertyName("dueDate")]
    public string? DueDate { get; init; }

    [JsonPropertyName("paidDate")]
    public string? PaidDate { get; init; }

    [JsonPropertyName("totalPayable")]
    public decimal? TotalPayable { get; init; }

    [JsonPropertyName("amountReceived")]
    public decimal? AmountReceived { get; init; }
}
