using System.Text.Json.Serialization;

namespace LoanJourney.Sandbox.FinBoxV1;

/// <summary>The documented v1 webhook body (also one entry of the user activity history).</summary>
internal sealed record WebhookPayload(
    [property: JsonPropertyName("customerID")] string CustomerId,
    [property: JsonPropertyName("entityType")] string EntityType,
    [property: JsonPropertyName("eventDescription")] string EventDescription,
    [property: JsonPropertyName("eventType")] string EventType,
    [property: JsonPropertyName("loanApplicationID")] string LoanApplicationId,
    [property: JsonPropertyName("loggedAt")] string LoggedAt,
    [property: JsonPropertyName("journeyType")] string JourneyType,
    [property: JsonPropertyName("source")] string Source);
