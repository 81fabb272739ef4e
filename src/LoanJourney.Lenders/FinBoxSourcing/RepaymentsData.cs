using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.FinBoxSourcing;

/// <summary><c>data</c> of Loan Repayments.</summary>
public sealed record RepaymentsData
{
    [JsonPropertyName("emiList")]
    public List<Repayment>? EmiList { get; init; }
}
