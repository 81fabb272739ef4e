using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.FinBoxPrism;

/// <summary>Create User API request.</summary>
public sealed record CreateUserRequest
{
    [JsonPropertyName("customerID")]
    public string? CustomerID { get; init; }

    [JsonPropertyName("mobile")]
    public string? Mobile { get; init; }
}
