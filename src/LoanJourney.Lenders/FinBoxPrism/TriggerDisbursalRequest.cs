using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.FinBoxPrism;

/// <summary>Trigger Disbursal API request.</summary>
public sealed record TriggerDisbursalRequest
{
    [JsonPropertyName("customerID")]
    public string? CustomerID { get; init; }

    [JsonPropertyName("program")]
    public string? Program { get; init; }
}
