using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.FinBoxPrism;

/// <summary><c>currentAddress</c> of personal details.</summary>
public sealed record CurrentAddress
{
    [JsonPropertyName("pincode")]
    public string? Pincode { get; init; }

    [JsonPropertyName("currentAddressLine1")]
    public string? CurrentAddressLine1 { get; init; }

    [JsonPropertyName("currentAddressLine2")]
    public string? CurrentAddressLine2 { get; init; }

    [JsonPropertyName("currentAddressCity")]
    public string? CurrentAddressCity { get; init; }

    [JsonPropertyName("currentAddressState")]
    public string? CurrentAddressState { get; init; }
}
