using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.FinBoxPrism;

/// <summary>One slab of an offer.</summary>
public sealed record Slab
{
    [JsonPropertyName("maxAmount")]
    public decimal? MaxAmount { get; init; }

    [JsonPropertyName("minAmount")]
    public decimal? MinAmount { get; init; }

    [JsonPropertyName("tenure")]
    public int? Tenure { get; init; }

    [JsonPropertyName("interest")]
    public decimal? Interest { get; init; }

    [JsonPropertyName("method")]
    public string? Method { get; init; }

    [JsonPropertyName("processingFee")]
    public decimal? ProcessingFee { get; init; }

    [JsonPropertyName("processingFeeType")]
    public string? ProcessingFeeType { get; init; }

    [JsonPropertyName("gst")]
    public decimal? Gst { get; init; }
}
