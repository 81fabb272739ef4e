using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.FinBoxSourcing;

/// <summary>The Sourcing v1 answer envelope: <c>data</c>, <c>error</c> and a boolean <c>status</c>; failures also use HTTP 400/403/404/409.</summary>
/// <typeparam name="TData">The documented <c>data</c> shape.</typeparam>
public sealed record SourcingResponse<TData>
{
    [JsonPropertyName("data")]
    public TData? Data { get; init; }

    [JsonPropertyName("error")]
    public string? Error { get; init; }

    [JsonPropertyName("status")]
    public bool? Status { get; init; }
}
