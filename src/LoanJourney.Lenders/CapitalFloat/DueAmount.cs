using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.CapitalFloat;

/// <summary><c>dueAmt</c> of a delayed tranche.</summary>
public sealed record DueAmount
{
    [JsonPropertyName("charges")]
    public decimal? Charges { get; init; }

    [JsonPropertyName("total")]
    public decimal? Total { get; init; }

    [JsonPropertyName("interest")]
    public decimal? Interest { get; init; }

    [JsonPropertyName("principal")]
    public decimal? Principal { get; init; }
}
