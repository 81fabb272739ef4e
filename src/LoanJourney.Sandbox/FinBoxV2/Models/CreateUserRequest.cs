using System.Text.Json.Serialization;

namespace LoanJourney.Sandbox.FinBoxV2.Models;

/// <summary>Create user (v2 and v1 share the documented shape, but each API reads its own copy).</summary>
internal sealed record CreateUserRequest(
    [property: JsonPropertyName("customerID")] string? CustomerId,
    [property: JsonPropertyName("mobile")] string? Mobile);
