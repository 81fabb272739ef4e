using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.PartnerToken;

/// <summary>Token share (acquisition via API) request; <c>final_approval</c> true means disbursed, false rejected.</summary>
public sealed record TokenShareRequest
{
    [JsonPropertyName("x_partner_token")]
    public string? XPartnerToken { get; init; }

    [JsonPropertyName("amount_sanctioned")]
    public string? AmountSanctioned { get; init; }

    [JsonPropertyName("final_approval")]
    public bool? FinalApproval { get; init; }

    [JsonPropertyName("loan_duration_type")]
    public string? LoanDurationType { get; init; }

    [JsonPropertyName("interest_frequency")]
    public string? InterestFrequency { get; init; }

    [JsonPropertyName("interest_type")]
    public string? InterestType { get; init; }

    [JsonPropertyName("interest")]
    public string? Interest { get; init; }

    [JsonPropertyName("duration")]
    public string? Duration { get; init; }

    [JsonPropertyName("verified_customer_ref_id")]
    public string? VerifiedCustomerRefId { get; init; }
}
