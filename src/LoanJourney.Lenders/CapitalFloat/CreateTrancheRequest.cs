using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.CapitalFloat;

/// <summary>Create Tranche request.</summary>
public sealed record CreateTrancheRequest
{
    [JsonPropertyName("app_id")]
    public string? AppId { get; init; }

    [JsonPropertyName("amount")]
    public string? Amount { get; init; }

    [JsonPropertyName("order_id")]
    public string? OrderId { get; init; }

    [JsonPropertyName("suborder_id")]
    public string? SuborderId { get; init; }
}
