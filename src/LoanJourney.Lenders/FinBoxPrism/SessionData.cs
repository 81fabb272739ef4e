using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.FinBoxPrism;

/// <summary><c>data</c> of the Session API.</summary>
public sealed record SessionData
{
    [JsonPropertyName("url")]
    public string? Url { get; init; }
}
