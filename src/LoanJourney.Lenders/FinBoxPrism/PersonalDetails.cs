using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.FinBoxPrism;

/// <summary><c>personalDetails</c> of Update User Details.</summary>
public sealed record PersonalDetails
{
    [JsonPropertyName("pan")]
    public string? Pan { get; init; }

    [JsonPropertyName("email")]
    public string? Email { get; init; }

    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("dob")]
    public string? Dob { get; init; }

    [JsonPropertyName("gender")]
    public string? Gender { get; init; }

    [JsonPropertyName("currentAddress")]
    public CurrentAddress? CurrentAddress { get; init; }
}
