using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.FinBoxPrism;

/// <summary>One bank of the bank list.</summary>
public sealed record Bank
{
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("fullName")]
    public string? FullName { get; init; }

    [JsonPropertyName("npciCode")]
    public string? NpciCode { get; init; }

    [JsonPropertyName("logoUrl")]
    public string? LogoUrl { get; init; }

    [JsonPropertyName("isPdfUpload_available")]
    public bool? IsPdfUploadAvailable { get; init; }

    [JsonPropertyName("isNetBanking_available")]
    public bool? IsNetBankingAvailable { get; init; }

    [JsonPropertyName("isAaAvailable")]
    public bool? IsAaAvailable { get; init; }
}
