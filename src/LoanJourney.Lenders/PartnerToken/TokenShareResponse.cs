using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.PartnerToken;

/// <summary>Token share answer; <c>status</c> is a string (<c>"1"</c>).</summary>
public sealed record TokenShareResponse
{
    [JsonPropertyName("status")]
    public string? Status { get; init; }

    [JsonPropertyName("msg")]
    public string? Msg { get; init; }
}
