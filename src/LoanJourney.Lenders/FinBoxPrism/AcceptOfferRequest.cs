using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.FinBoxPrism;

/// <summary>Accept Offer API request.</summary>
public sealed record AcceptOfferRequest
{
    [JsonPropertyName("customerID")]
    public string? CustomerID { get; init; }

    [JsonPropertyName("offerDetails")]
    public OfferDetails? OfferDetails { get; init; }
}
