using System.Text.Json.Serialization;

namespace LoanJourney.Sandbox.FinBoxV2.Models;

/// <summary>Get bank list: documented without the usual envelope.</summary>
internal sealed record BankList(
    [property: JsonPropertyName("count")] int Count,
    [property: JsonPropertyName("banks")] IReadOnlyList<Bank> Banks);
