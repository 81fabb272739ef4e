using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.FinBoxSourcing;

/// <summary>One activity of User Activity History.</summary>
public sealed record UserActivity
{
    [JsonPropertyName("entityType")]
    public string? EntityType { get; init; }

    [JsonPropertyName("loggedAt")]
    public string? LoggedAt { get; init; }

    [JsonPropertyName("eventType")]
    public string? EventType { get; init; }

    [JsonPropertyName("eventDescription")]
    public string? EventDescription { get; init; }

    [JsonPropertyName("loanApplicationID")]
    public string? LoanApplicationID { get; init; }

    [JsonPropertyName("source")]
    public string? Source { get; init; }

    [JsonPropertyName("journeyType")]
    public string? JourneyType { get; init; }
}
