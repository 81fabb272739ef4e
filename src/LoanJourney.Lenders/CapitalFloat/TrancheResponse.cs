using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.CapitalFloat;

/// <summary>Create Tranche answer.</summary>
public sealed record TrancheResponse : CapitalFloatResponse
{
    [JsonPropertyName("tranche_id")]
    public string? TrancheId { get; init; }
}
