using System.Text.Json;
using System.Text.Json.Serialization;

namespace LoanJourney.Sandbox.FinBoxV2.Models;

/// <summary>Update user details, both invocations (personal + consents, and NACH mandate + business + insurance).</summary>
internal sealed record UpdateDetailsRequest(
    [property: JsonPropertyName("customerID")] string? CustomerId,
    [property: JsonPropertyName("program")] string? Program,
    [property: JsonPropertyName("basicDetails")] JsonElement? BasicDetails,
    [property: JsonPropertyName("consents")] JsonElement? Consents,
    [property: JsonPropertyName("mandateDetails")] JsonElement? MandateDetails,
    [property: JsonPropertyName("loanDetails")] JsonElement? LoanDetails,
    [property: JsonPropertyName("riskVariables")] JsonElement? RiskVariables,
    [property: JsonPropertyName("additionalData")] JsonElement? AdditionalData);
