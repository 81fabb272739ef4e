using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.FinBoxSourcing;

/// <summary>Repay Loan request.</summary>
public sealed record RepayRequest
{
    [JsonPropertyName("loanApplicationID")]
    public string? LoanApplicationID { get; init; }

    [JsonPropertyName("installmentNum")]
    public int? InstallmentNum { get; init; }

    [JsonPropertyName("amountReceived")]
    public decimal? AmountReceived { get; init; }

    [JsonPropertyName("paymentDate")]
    public string? PaymentDate { get; init; }

    [JsonPropertyName("paymentMode")]
    public string? PaymentMode { get; init; }

    [JsonPropertyName("transactionID")]
    public string? TransactionID { get; init; }
}
