using System.Text.Json.Serialization;

namespace LoanJourney.Sandbox.FinBoxV2.Models;

internal sealed record SessionRequest(
    [property: JsonPropertyName("customerID")] string? CustomerId,
    [property: JsonPropertyName("redirectURL")] string? RedirectUrl);
