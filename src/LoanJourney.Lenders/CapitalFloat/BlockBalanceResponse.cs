using System.Text.Json.Serialization;
using LoanJourney.Lenders.Common;

namespace LoanJourney.Lenders.CapitalFloat;

/// <summary>Fetch Block Balance answer.</summary>
public sealed record BlockBalanceResponse : CapitalFloatResponse
{
    [JsonPropertyName("order_id")]
    public string? OrderId { get; init; }

    [JsonConverter(typeof(FlexibleStringConverter))]
    [JsonPropertyName("balance")]
    public string? Balance { get; init; }
}
