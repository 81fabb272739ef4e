using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.FinBoxSourcing;

/// <summary><c>data</c> of Credit Line Transactions.</summary>
public sealed record CreditLineTransactionsData
{
    [JsonPropertyName("transactions")]
    public List<CreditLineTransaction>? Transactions { get; init; }
}
