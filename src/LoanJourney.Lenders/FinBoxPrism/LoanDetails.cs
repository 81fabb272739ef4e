using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.FinBoxPrism;

/// <summary><c>loanDetails</c> of the NACH invocation.</summary>
public sealed record LoanDetails
{
    [JsonPropertyName("insuranceDetails")]
    public InsuranceDetails? InsuranceDetails { get; init; }
}
