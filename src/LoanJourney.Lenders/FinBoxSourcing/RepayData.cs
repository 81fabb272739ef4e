using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.FinBoxSourcing;

/// <summary><c>data</c> of Repay Loan.</summary>
public sealed record RepayData
{
    [JsonPropertyName("referenceID")]
    public string? ReferenceID { get; init; }
}
