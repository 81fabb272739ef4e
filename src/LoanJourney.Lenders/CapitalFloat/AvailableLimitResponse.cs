using System.Text.Json.Serialization;
using LoanJourney.Lenders.Common;

namespace LoanJourney.Lenders.CapitalFloat;

/// <summary>Fetch Profile Available Limit answer.</summary>
public sealed record AvailableLimitResponse : CapitalFloatResponse
{
    [JsonConverter(typeof(FlexibleStringConverter))]
    [JsonPropertyName("available_limit")]
    public string? AvailableLimit { get; init; }

    [JsonPropertyName("app_id")]
    public string? AppId { get; init; }
}
