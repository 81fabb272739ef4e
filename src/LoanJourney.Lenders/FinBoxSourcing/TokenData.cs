using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.FinBoxSourcing;

/// <summary><c>data</c> of Generate Token.</summary>
public sealed record TokenData
{
    [JsonPropertyName("token")]
    public string? Token { get; init; }
}
