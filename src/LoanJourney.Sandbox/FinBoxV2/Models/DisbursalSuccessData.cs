using System.Text.Json.Serialization;

namespace LoanJourney.Sandbox.FinBoxV2.Models;

internal sealed record DisbursalSuccessData(
    [property: JsonPropertyName("utrNumber")] string UtrNumber,
    [property: JsonPropertyName("disbursedAt")] string DisbursedAt,
    [property: JsonPropertyName("disbursedAmount")] decimal DisbursedAmount,
    [property: JsonPropertyName("loanAccountNumber")] string LoanAccountNumber,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("message")] string Message);
