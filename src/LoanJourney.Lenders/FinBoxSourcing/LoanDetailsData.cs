using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.FinBoxSourcing;

/// <summary><c>data</c> of Loan Details.</summary>
public sealed record LoanDetailsData
{
    [JsonPropertyName("loanApplicationID")]
    public string? LoanApplicationID { get; init; }

    [JsonPropertyName("loanApplicationNum")]
    public string? LoanApplicationNum { get; init; }

    [JsonPropertyName("appliedLoanAmount")]
    public decimal? AppliedLoanAmount { get; init; }

    [JsonPropertyName("status")]
    public string? Status { get; init; }

    [JsonPropertyName("createdAt")]
    public string? CreatedAt { get; init; }

    [JsonPropertyName("loanDetails")]
    public LoanDetails? LoanDetails { get; init; }

    [JsonPropertyName("bankDetails")]
    public BankDetails? BankDetails { get; init; }
}
