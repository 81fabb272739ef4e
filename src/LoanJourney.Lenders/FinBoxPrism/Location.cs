using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.FinBoxPrism;

/// <summary><c>location</c> of a business address (strings, as documented).</summary>
public sealed record Location
{
    [JsonPropertyName("latitude")]
    public string? Latitude { get; init; }

    [JsonPropertyName("longitude")]
    public string? Longitude { get; init; }
}
