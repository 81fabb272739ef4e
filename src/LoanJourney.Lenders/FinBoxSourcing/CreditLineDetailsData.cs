using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.FinBoxSourcing;

/// <summary><c>data</c> of Credit Line Details.</summary>
public sealed record CreditLineDetailsData
{
    [JsonPropertyName("status")]
    public string? Status { get; init; }

    [JsonPropertyName("maxLimit")]
    public decimal? MaxLimit { get; init; }

    [JsonPropertyName("availableLimit")]
    public decimal? AvailableLimit { get; init; }

    [JsonPropertyName("validity")]
    public string? Validity { get; init; }

    [JsonPropertyName("inactiveReason")]
    public string? InactiveReason { get; init; }
}
