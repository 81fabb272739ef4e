using System.Text.Json.Serialization;
using System.Text.Json;

namespace LoanJourney.Lenders.FinBoxPrism;

/// <summary><c>data</c> of the Get KYC Details API.</summary>
public sealed record KycData
{
    [JsonPropertyName("action")]
    public string? Action { get; init; }

    [JsonPropertyName("customerID")]
    public string? CustomerID { get; init; }

    [JsonPropertyName("referenceID")]
    public string? ReferenceID { get; init; }

    [JsonPropertyName("personalKYC")]
    public List<PersonalKyc>? PersonalKYC { get; init; }

    [JsonPropertyName("results")]
    public KycResults? Results { get; init; }

    [JsonPropertyName("outputVariables")]
    public JsonElement? OutputVariables { get; init; }

    /// <summary>The reason of a REJECTED (or soft-rejected) KYC, one of the document's "Possible Message Values" (e.g. NAME_MISMATCH).
    /// The seed lists the values but prints no sample carrying them: the field name <c>message</c> is our contract decision.</summary>
    [JsonPropertyName("message")]
    public string? Message { get; init; }

    [JsonPropertyName("status")]
    public string? Status { get; init; }
}
