using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.FinBoxPrism;

/// <summary>Trigger Agreement Signing API request.</summary>
public sealed record TriggerAgreementSigningRequest
{
    [JsonPropertyName("customerID")]
    public string? CustomerID { get; init; }

    [JsonPropertyName("program")]
    public string? Program { get; init; }
}
