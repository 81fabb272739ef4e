using System.Text.Json.Serialization;

namespace LoanJourney.Sandbox.FinBoxV1;

/// <summary>Create user / token / push share one body shape in v1: the fields each endpoint documents.</summary>
internal sealed record V1Request(
    [property: JsonPropertyName("customerID")] string? CustomerId,
    [property: JsonPropertyName("mobile")] string? Mobile,
    [property: JsonPropertyName("source")] string? Source,
    [property: JsonPropertyName("pan")] string? Pan,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("dob")] string? Dob,
    [property: JsonPropertyName("email")] string? Email,
    [property: JsonPropertyName("gender")] string? Gender,
    [property: JsonPropertyName("gstin")] string? Gstin,
    [property: JsonPropertyName("vintageDate")] string? VintageDate);
