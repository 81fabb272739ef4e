using System.Text.Json;
using System.Text.Json.Serialization;

namespace LoanJourney.Sandbox.FinBoxV1;

/// <summary>Repay Loan body, read loosely so that a wrong type is a 400 of ours, not a framework error.</summary>
internal sealed record V1RepayRequest(
    [property: JsonPropertyName("loanApplicationID")] string? LoanApplicationId,
    [property: JsonPropertyName("installmentNum")] JsonElement? InstallmentNum,
    [property: JsonPropertyName("amountReceived")] JsonElement? AmountReceived,
    [property: JsonPropertyName("paymentDate")] string? PaymentDate,
    [property: JsonPropertyName("paymentMode")] string? PaymentMode,
    [property: JsonPropertyName("transactionID")] string? TransactionId);
