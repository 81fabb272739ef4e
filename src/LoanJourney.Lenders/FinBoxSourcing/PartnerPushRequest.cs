using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.FinBoxSourcing;

/// <summary>Partner Push request; every field but <c>customerID</c> is optional.</summary>
public sealed record PartnerPushRequest
{
    [JsonPropertyName("customerID")]
    public string? CustomerID { get; init; }

    [JsonPropertyName("pan")]
    public string? Pan { get; init; }

    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("dob")]
    public string? Dob { get; init; }

    [JsonPropertyName("email")]
    public string? Email { get; init; }

    [JsonPropertyName("gender")]
    public string? Gender { get; init; }

    [JsonPropertyName("gstin")]
    public string? Gstin { get; init; }

    [JsonPropertyName("vintageDate")]
    public string? VintageDate { get; init; }
}
