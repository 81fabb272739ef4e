using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.FinBoxSourcing;

/// <summary>One EMI of a loan offer.</summary>
public sealed record OfferEmi
{
    [JsonPropertyName("emiDate")]
    public string? EmiDate { get; init; }

    [JsonPropertyName("emiAmount")]
    public decimal? EmiAmount { get; init; }
}
