using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.CapitalFloat;

/// <summary>Fetch Block Balance request.</summary>
public sealed record BlockBalanceRequest
{
    [JsonPropertyName("app_id")]
    public string? AppId { get; init; }

    [JsonPropertyName("order_id")]
    public string? OrderId { get; init; }
}
