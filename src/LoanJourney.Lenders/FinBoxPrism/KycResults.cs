using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.FinBoxPrism;

/// <summary><c>results</c> of KYC checks.</summary>
public sealed record KycResults
{
    [JsonPropertyName("dobMatch")]
    public bool? DobMatch { get; init; }

    [JsonPropertyName("faceLiveliness")]
    public bool? FaceLiveliness { get; init; }

    [JsonPropertyName("faceMatch")]
    public bool? FaceMatch { get; init; }

    [JsonPropertyName("nameMatch")]
    public bool? NameMatch { get; init; }
}
