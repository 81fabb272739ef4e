using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.FinBoxPrism;

/// <summary>Trigger KYC API request.</summary>
public sealed record TriggerKycRequest
{
    [JsonPropertyName("customerID")]
    public string? CustomerID { get; init; }

    [JsonPropertyName("program")]
    public string? Program { get; init; }
}
