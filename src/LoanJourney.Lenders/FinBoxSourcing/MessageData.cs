using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.FinBoxSourcing;

/// <summary><c>data</c> of answers that only carry a message.</summary>
public sealed record MessageData
{
    [JsonPropertyName("message")]
    public string? Message { get; init; }
}
