using System.Text.Json.Serialization;
using System.Text.Json;

namespace LoanJourney.Lenders.FinBoxPrism;

/// <summary><c>data</c> of the Get BRE API.</summary>
public sealed record BreData
{
    [JsonPropertyName("dataRequired")]
    public JsonElement? DataRequired { get; init; }

    [JsonPropertyName("offers")]
    public List<Offer>? Offers { get; init; }

    [JsonPropertyName("outputVariables")]
    public JsonElement? OutputVariables { get; init; }

    [JsonPropertyName("rejectionReason")]
    public string? RejectionReason { get; init; }

    [JsonPropertyName("referenceID")]
    public string? ReferenceID { get; init; }

    [JsonPropertyName("status")]
    public string? Status { get; init; }
}
