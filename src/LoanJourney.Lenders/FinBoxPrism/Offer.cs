using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.FinBoxPrism;

/// <summary>One offer of the Get BRE API.</summary>
public sealed record Offer
{
    [JsonPropertyName("createdAt")]
    public string? CreatedAt { get; init; }

    [JsonPropertyName("expiresAt")]
    public string? ExpiresAt { get; init; }

    [JsonPropertyName("lenderID")]
    public string? LenderID { get; init; }

    [JsonPropertyName("lenderLogoURL")]
    public string? LenderLogoURL { get; init; }

    [JsonPropertyName("lenderName")]
    public string? LenderName { get; init; }

    [JsonPropertyName("offerID")]
    public string? OfferID { get; init; }

    [JsonPropertyName("offerType")]
    public string? OfferType { get; init; }

    [JsonPropertyName("slabs")]
    public List<Slab>? Slabs { get; init; }

    [JsonPropertyName("status")]
    public string? Status { get; init; }
}
