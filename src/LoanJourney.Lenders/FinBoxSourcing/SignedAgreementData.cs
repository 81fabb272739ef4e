using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.FinBoxSourcing;

/// <summary><c>data</c> of Get Signed Agreement.</summary>
public sealed record SignedAgreementData
{
    [JsonPropertyName("signedAgreementURL")]
    public string? SignedAgreementURL { get; init; }
}
