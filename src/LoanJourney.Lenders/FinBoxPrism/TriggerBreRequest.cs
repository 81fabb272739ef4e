using System.Text.Json.Serialization;
using System.Text.Json;

namespace LoanJourney.Lenders.FinBoxPrism;

/// <summary>Trigger BRE API request.</summary>
public sealed record TriggerBreRequest
{
    [JsonPropertyName("customerID")]
    public string? CustomerID { get; init; }

    [JsonPropertyName("riskVariables")]
    public JsonElement? RiskVariables { get; init; }
}
