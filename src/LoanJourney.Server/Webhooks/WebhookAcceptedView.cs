namespace LoanJourney.Server.Webhooks;

internal sealed record WebhookAcceptedView(bool Received, string EventId, string Status);
