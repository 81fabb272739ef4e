using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.FinBoxPrism;

/// <summary><c>offerDetails</c> of Accept Offer.</summary>
public sealed record OfferDetails
{
    [JsonPropertyName("offerID")]
    public string? OfferID { get; init; }

    [JsonPropertyName("amount")]
    public decimal? Amount { get; init; }

    [JsonPropertyName("tenure")]
    public int? Tenure { get; init; }

    [JsonPropertyName("interest")]
    public decimal? Interest { get; init; }
}
