using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.FinBoxSourcing;

/// <summary><c>data</c> of List Loans.</summary>
public sealed record LoanListData
{
    [JsonPropertyName("loans")]
    public List<LoanSummary>? Loans { get; init; }
}
