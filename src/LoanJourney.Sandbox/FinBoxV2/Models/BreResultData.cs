using System.Text.Json.Serialization;

namespace LoanJourney.Sandbox.FinBoxV2.Models;

/// <summary>Get BRE data: <c>dataRequired</c>, <c>offers</c>, <c>outputVariables</c> are <c>null</c> unless SUCCESS/REJECTED.</summary>
internal sealed record BreResultData(
    [property: JsonPropertyName("dataRequired")] object? DataRequired,
    [property: JsonPropertyName("offers")] IReadOnlyList<Offer>? Offers,
    [property: JsonPropertyName("outputVariables")] object? OutputVariables,
    [property: JsonPropertyName("rejectionReason")] string? RejectionReason,
    [property: JsonPropertyName("referenceID")] string ReferenceId,
    [property: JsonPropertyName("status")] string Status);
