using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.FinBoxSourcing;

/// <summary><c>data</c> of User Activity History.</summary>
public sealed record UserActivityData
{
    [JsonPropertyName("userActivityHistory")]
    public List<UserActivity>? UserActivityHistory { get; init; }
}
