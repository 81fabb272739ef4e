using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.CapitalFloat;

/// <summary>One invoice link of a tranche.</summary>
public sealed record InvoiceUrl
{
    [JsonPropertyName("caption")]
    public string? Caption { get; init; }

    [JsonPropertyName("thumbnailURL")]
    public string? ThumbnailURL { get; init; }
}
