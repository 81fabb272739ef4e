using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.FinBoxSourcing;

/// <summary>One loan of List Loans.</summary>
public sealed record LoanSummary
{
    [JsonPropertyName("loanApplicationID")]
    public string? LoanApplicationID { get; init; }

    [JsonPropertyName("loanApplicationNum")]
    public string? LoanApplicationNum { get; init; }

    [JsonPropertyName("createdAt")]
    public string? CreatedAt { get; init; }

    [JsonPropertyName("status")]
    public string? Status { get; init; }

    [JsonPropertyName("customerID")]
    public string? CustomerID { get; init; }
}
