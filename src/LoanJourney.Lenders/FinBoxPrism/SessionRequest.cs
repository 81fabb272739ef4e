using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.FinBoxPrism;

/// <summary>Session API request.</summary>
public sealed record SessionRequest
{
    [JsonPropertyName("customerID")]
    public string? CustomerID { get; init; }

    [JsonPropertyName("redirectURL")]
    public string? RedirectURL { get; init; }
}
