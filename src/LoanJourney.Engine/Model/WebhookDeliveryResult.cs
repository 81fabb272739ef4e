namespace LoanJourney.Engine.Model;

/// <summary>What happened to a delivered webhook event.</summary>
/// <param name="Status">Routed to a waiting instance, buffered until a wait begins, or a duplicate event id.</param>
/// <param name="InstanceId">The instance it resumed, when routed.</param>
public sealed record WebhookDeliveryResult(WebhookDeliveryStatus Status, string? InstanceId);
