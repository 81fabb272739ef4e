using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.CapitalFloat;

/// <summary><c>sresp</c> of Fetch Borrower Details.</summary>
public sealed record Sresp
{
    [JsonPropertyName("overdueFees")]
    public decimal? OverdueFees { get; init; }

    [JsonPropertyName("amountNotPaidAfterDueDate")]
    public decimal? AmountNotPaidAfterDueDate { get; init; }

    [JsonPropertyName("otpNotVerified")]
    public decimal? OtpNotVerified { get; init; }

    [JsonPropertyName("agentProfiles")]
    public List<AgentProfile>? AgentProfiles { get; init; }

    [JsonPropertyName("pendingTranchesForFunding")]
    public decimal? PendingTranchesForFunding { get; init; }

    [JsonPropertyName("agent")]
    public Agent? Agent { get; init; }

    [JsonPropertyName("settledAmountTillDate")]
    public decimal? SettledAmountTillDate { get; init; }

    [JsonPropertyName("dpd")]
    public int? Dpd { get; init; }

    [JsonPropertyName("cfBankIfsc")]
    public string? CfBankIfsc { get; init; }

    [JsonPropertyName("overduePrincipal")]
    public decimal? OverduePrincipal { get; init; }

    [JsonPropertyName("overdueCharges")]
    public decimal? OverdueCharges { get; init; }

    [JsonPropertyName("overdueInterest")]
    public decimal? OverdueInterest { get; init; }

    [JsonPropertyName("cfBankAcctNo")]
    public string? CfBankAcctNo { get; init; }

    [JsonPropertyName("cfBankName")]
    public string? CfBankName { get; init; }
}
