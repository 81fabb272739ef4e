using System.Text.Json.Serialization;

namespace LoanJourney.Sandbox.FinBoxV2.Models;

internal sealed record Offer(
    [property: JsonPropertyName("createdAt")] string CreatedAt,
    [property: JsonPropertyName("expiresAt")] string ExpiresAt,
    [property: JsonPropertyName("lenderID")] string LenderId,
    [property: JsonPropertyName("lenderLogoURL")] string LenderLogoUrl,
    [property: JsonPropertyName("lenderName")] string LenderName,
    [property: JsonPropertyName("offerID")] string OfferId,
    [property: JsonPropertyName("offerType")] string OfferType,
    [property: JsonPropertyName("slabs")] IReadOnlyList<Slab> Slabs,
    [property: JsonPropertyName("status")] string Status);
