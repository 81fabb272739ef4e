using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.FinBoxPrism;

/// <summary>Session API answer: its code is in <c>status</c>, not <c>statusCode</c> (as documented).</summary>
public sealed record SessionResponse
{
    [JsonPropertyName("data")]
    public SessionData? Data { get; init; }

    [JsonPropertyName("error")]
    public string? Error { get; init; }

    [JsonPropertyName("status")]
    public string? Status { get; init; }
}
