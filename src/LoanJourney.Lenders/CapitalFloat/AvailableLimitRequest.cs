using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.CapitalFloat;

/// <summary>Fetch Profile Available Limit request.</summary>
public sealed record AvailableLimitRequest
{
    [JsonPropertyName("app_id")]
    public string? AppId { get; init; }
}
