using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.FinBoxPrism;

/// <summary>An <c>address</c> of employment or business details.</summary>
public sealed record Address
{
    [JsonPropertyName("businessAddressType")]
    public string? BusinessAddressType { get; init; }

    [JsonPropertyName("line1")]
    public string? Line1 { get; init; }

    [JsonPropertyName("line2")]
    public string? Line2 { get; init; }

    [JsonPropertyName("city")]
    public string? City { get; init; }

    [JsonPropertyName("state")]
    public string? State { get; init; }

    [JsonPropertyName("pincode")]
    public string? Pincode { get; init; }

    [JsonPropertyName("landmark")]
    public string? Landmark { get; init; }

    [JsonPropertyName("location")]
    public Location? Location { get; init; }
}
