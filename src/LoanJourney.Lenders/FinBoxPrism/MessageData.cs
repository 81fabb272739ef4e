using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.FinBoxPrism;

/// <summary><c>data</c> of answers that only carry a message (create user, update details, accept offer).</summary>
public sealed record MessageData
{
    [JsonPropertyName("message")]
    public string? Message { get; init; }
}
