using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.FinBoxPrism;

/// <summary>One <c>personalKYC</c> entry.</summary>
public sealed record PersonalKyc
{
    [JsonPropertyName("address")]
    public KycAddress? Address { get; init; }

    [JsonPropertyName("dob")]
    public string? Dob { get; init; }

    [JsonPropertyName("gender")]
    public string? Gender { get; init; }

    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("type")]
    public string? Type { get; init; }
}
