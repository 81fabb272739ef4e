using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.FinBoxSourcing;

/// <summary><c>data</c> of List Users.</summary>
public sealed record UserListData
{
    [JsonPropertyName("total")]
    public int? Total { get; init; }

    [JsonPropertyName("userList")]
    public List<UserSummary>? UserList { get; init; }
}
