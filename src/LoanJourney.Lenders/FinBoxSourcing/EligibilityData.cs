using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.FinBoxSourcing;

/// <summary><c>data</c> of Get Eligibility.</summary>
public sealed record EligibilityData
{
    [JsonPropertyName("eligible_amount")]
    public decimal? EligibleAmount { get; init; }

    [JsonPropertyName("is_eligible")]
    public bool? IsEligible { get; init; }
}
