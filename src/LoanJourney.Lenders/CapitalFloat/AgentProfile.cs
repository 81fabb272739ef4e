using System.Text.Json.Serialization;
using System.Text.Json;

namespace LoanJourney.Lenders.CapitalFloat;

/// <summary>One <c>agentProfiles</c> entry (a sanction).</summary>
public sealed record AgentProfile
{
    [JsonPropertyName("emailId")]
    public string? EmailId { get; init; }

    [JsonPropertyName("roi")]
    public decimal? Roi { get; init; }

    [JsonPropertyName("settledAmountTillDate")]
    public decimal? SettledAmountTillDate { get; init; }

    [JsonPropertyName("settledTranches")]
    public List<JsonElement>? SettledTranches { get; init; }

    [JsonPropertyName("delayedTranches")]
    public List<DelayedTranche>? DelayedTranches { get; init; }

    [JsonPropertyName("sanctionId")]
    public string? SanctionId { get; init; }

    [JsonPropertyName("requestedTranches")]
    public List<JsonElement>? RequestedTranches { get; init; }

    [JsonPropertyName("pendingTranchesForFunding")]
    public decimal? PendingTranchesForFunding { get; init; }

    [JsonPropertyName("penaltyInterestPa")]
    public string? PenaltyInterestPa { get; init; }

    [JsonPropertyName("nachStatus")]
    public string? NachStatus { get; init; }

    [JsonPropertyName("dueDateOfNextTranche")]
    public string? DueDateOfNextTranche { get; init; }

    [JsonPropertyName("expiryDate")]
    public string? ExpiryDate { get; init; }

    [JsonPropertyName("expectedIr")]
    public string? ExpectedIr { get; init; }

    [JsonPropertyName("totalLimitUtilized")]
    public decimal? TotalLimitUtilized { get; init; }

    [JsonPropertyName("isOnHold")]
    public string? IsOnHold { get; init; }

    [JsonPropertyName("overdueFees")]
    public decimal? OverdueFees { get; init; }

    [JsonPropertyName("lan")]
    public string? Lan { get; init; }

    [JsonPropertyName("amountNotPaidAfterDueDate")]
    public decimal? AmountNotPaidAfterDueDate { get; init; }

    [JsonPropertyName("otpNotVerified")]
    public decimal? OtpNotVerified { get; init; }

    [JsonPropertyName("availableLimit")]
    public decimal? AvailableLimit { get; init; }

    [JsonPropertyName("creditLimit")]
    public decimal? CreditLimit { get; init; }

    [JsonPropertyName("overdueInterest")]
    public decimal? OverdueInterest { get; init; }

    [JsonPropertyName("creationDate")]
    public string? CreationDate { get; init; }

    [JsonPropertyName("repaymentCycle")]
    public int? RepaymentCycle { get; init; }

    [JsonPropertyName("isActive")]
    public bool? IsActive { get; init; }

    [JsonPropertyName("activeBlockedAmount")]
    public decimal? ActiveBlockedAmount { get; init; }

    [JsonPropertyName("overduePrincipal")]
    public decimal? OverduePrincipal { get; init; }

    [JsonPropertyName("dpd")]
    public int? Dpd { get; init; }

    [JsonPropertyName("onHoldReason")]
    public string? OnHoldReason { get; init; }

    [JsonPropertyName("overdueCharges")]
    public decimal? OverdueCharges { get; init; }

    [JsonPropertyName("dueTranches")]
    public List<JsonElement>? DueTranches { get; init; }
}
