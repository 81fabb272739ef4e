using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.FinBoxSourcing;

/// <summary><c>currentAddress</c> of Loan Details.</summary>
public sealed record Address
{
    [JsonPropertyName("line1")]
    public string? Line1 { get; init; }

    [JsonPropertyName("line2")]
    public string? Line2 { get; init; }

    [JsonPropertyName("city")]
    public string? City { get; init; }

    [JsonPropertyName("pincode")]
    public string? Pincode { get; init; }

    [JsonPropertyName("state")]
    public string? State { get; init; }
}
