using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.FinBoxSourcing;

/// <summary><c>data</c> of User Profile.</summary>
public sealed record UserProfileData
{
    [JsonPropertyName("userProfile")]
    public UserProfile? UserProfile { get; init; }
}
