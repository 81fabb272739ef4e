using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.CapitalFloat;

/// <summary>Fetch Borrower Details answer.</summary>
public sealed record BorrowerDetailsResponse : CapitalFloatResponse
{
    [JsonPropertyName("sresp")]
    public Sresp? Sresp { get; init; }
}
