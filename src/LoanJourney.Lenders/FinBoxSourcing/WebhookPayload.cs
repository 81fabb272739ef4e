using System.Text.Json.Serialization;

namespace LoanJourney.Lenders.FinBoxSourcing;

/// <summary>The v1 webhook body FinBox POSTs on every user-journey activity. It carries no event id: see <see cref="SourcingWebhook.DeriveEventId(WebhookPayload)"/>.</summary>
public sealed record WebhookPayload
{
    [JsonPropertyName("customerID")]
    public string? CustomerID { get; init; }

    [JsonPropertyName("entityType")]
    public string? EntityType { get; init; }

    [JsonPropertyName("eventDescription")]
    public string? EventDescription { get; init; }

    [JsonPropertyName("eventType")]
    public string? EventType { get; init; }

    [JsonPropertyName("loanApplicationID")]
    public string? LoanApplicationID { get; init; }

    [JsonPropertyName("loggedAt")]
    public string? LoggedAt { get; init; }

    [JsonPropertyName("journeyType")]
    public string? JourneyType { get; init; }

    [JsonPropertyName("source")]
    public string? Source { get; init; }
}
