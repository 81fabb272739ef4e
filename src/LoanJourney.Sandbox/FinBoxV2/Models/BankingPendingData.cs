using System.Text.Json.Serialization;

namespace LoanJourney.Sandbox.FinBoxV2.Models;

/// <summary>Get banking PROCESSING / FAILED data: the error sits in <c>bankingDetails</c>.</summary>
internal sealed record BankingPendingData(
    [property: JsonPropertyName("bankingDetails")] BankingDetails BankingDetails,
    [property: JsonPropertyName("referenceID")] string ReferenceId,
    [property: JsonPropertyName("status")] string Status);
