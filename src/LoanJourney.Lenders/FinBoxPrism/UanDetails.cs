using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.FinBoxPrism;

/// <summary><c>uanDetails</c> (Udyam number) of business details.</summary>
public sealed record UanDetails
{
    [JsonPropertyName("uan")]
    public string? Uan { get; init; }
}
