using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.FinBoxPrism;

/// <summary>The Prism v2 answer envelope: <c>data</c>, <c>error</c> and the lender code in <c>statusCode</c>.</summary>
/// <typeparam name="TData">The documented <c>data</c> shape.</typeparam>
public sealed record PrismResponse<TData>
{
    [JsonPropertyName("data")]
    public TData? Data { get; init; }

    [JsonPropertyName("error")]
    public string? Error { get; init; }

    [JsonPropertyName("statusCode")]
    public string? StatusCode { get; init; }
}
