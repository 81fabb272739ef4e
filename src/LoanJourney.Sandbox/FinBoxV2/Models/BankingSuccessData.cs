using System.Text.Json.Serialization;

namespace LoanJourney.Sandbox.FinBoxV2.Models;

/// <summary>Get banking SUCCESS data: unlike the other answers, the error fields sit at the top of <c>data</c>.</summary>
internal sealed record BankingSuccessData(
    [property: JsonPropertyName("errorCode")] string ErrorCode,
    [property: JsonPropertyName("errorMessage")] string ErrorMessage,
    [property: JsonPropertyName("referenceID")] string ReferenceId,
    [property: JsonPropertyName("status")] string Status);
