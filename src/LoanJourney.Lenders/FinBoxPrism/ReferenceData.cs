using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.FinBoxPrism;

/// <summary><c>data</c> of trigger answers: the <c>referenceID</c> to poll with.</summary>
public sealed record ReferenceData
{
    [JsonPropertyName("referenceID")]
    public string? ReferenceID { get; init; }
}
