using System.Text.Json.Serialization;

namespace LoanJourney.Sandbox.FinBoxV2.Models;

internal sealed record OfferDetails(
    [property: JsonPropertyName("offerID")] string? OfferId,
    [property: JsonPropertyName("amount")] decimal? Amount,
    [property: JsonPropertyName("tenure")] int? Tenure,
    [property: JsonPropertyName("interest")] decimal? Interest);
