using System.Text.Json.Serialization;

namespace LoanJourney.Sandbox.Partner;

/// <summary>Acquisition via API: the token share a lender sends when a case is disbursed or rejected.</summary>
internal sealed record TokenShareRequest(
    [property: JsonPropertyName("x_partner_token")] string? XPartnerToken,
    [property: JsonPropertyName("amount_sanctioned")] string? AmountSanctioned,
    [property: JsonPropertyName("final_approval")] bool? FinalApproval,
    [property: JsonPropertyName("loan_duration_type")] string? LoanDurationType,
    [property: JsonPropertyName("interest_frequency")] string? InterestFrequency,
    [property: JsonPropertyName("interest_type")] string? InterestType,
    [property: JsonPropertyName("interest")] string? Interest,
    [property: JsonPropertyName("duration")] string? Duration,
    [property: JsonPropertyName("verified_customer_ref_id")] string? VerifiedCustomerRefId);
