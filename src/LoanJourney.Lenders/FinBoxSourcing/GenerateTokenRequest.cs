using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.FinBoxSourcing;

/// <summary>Generate Token request; <c>source</c> is the optional tracking source.</summary>
public sealed record GenerateTokenRequest
{
    [JsonPropertyName("customerID")]
    public string? CustomerID { get; init; }

    [JsonPropertyName("source")]
    public string? Source { get; init; }
}
