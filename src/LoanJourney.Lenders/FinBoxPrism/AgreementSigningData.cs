using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.FinBoxPrism;

/// <summary><c>data</c> of the Get Agreement Signing Results API.</summary>
public sealed record AgreementSigningData
{
    [JsonPropertyName("status")]
    public string? Status { get; init; }

    [JsonPropertyName("agreementURL")]
    public string? AgreementURL { get; init; }
}
