using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.FinBoxSourcing;

/// <summary>Create User request.</summary>
public sealed record CreateUserRequest
{
    [JsonPropertyName("customerID")]
    public string? CustomerID { get; init; }

    [JsonPropertyName("mobile")]
    public string? Mobile { get; init; }
}
