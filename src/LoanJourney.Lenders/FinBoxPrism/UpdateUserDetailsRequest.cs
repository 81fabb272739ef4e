using System.Text.Json.Serialization;
using System.Text.Json;

namespace LoanJourney.Lenders.FinBoxPrism;

/// <summary>Update User Details API request; covers both documented invocations (personal/employment/consents, and NACH mandate + business + insurance).</summary>
public sealed record UpdateUserDetailsRequest
{
    [JsonPropertyName("customerID")]
    public string? CustomerID { get; init; }

    [JsonPropertyName("program")]
    public string? Program { get; init; }

    [JsonPropertyName("mandateDetails")]
    public MandateDetails? MandateDetails { get; init; }

    [JsonPropertyName("basicDetails")]
    public BasicDetails? BasicDetails { get; init; }

    [JsonPropertyName("loanDetails")]
    public LoanDetails? LoanDetails { get; init; }

    [JsonPropertyName("consents")]
    public List<Consent>? Consents { get; init; }

    [JsonPropertyName("riskVariables")]
    public JsonElement? RiskVariables { get; init; }

    [JsonPropertyName("additionalData")]
    public JsonElement? AdditionalData { get; init; }
}
