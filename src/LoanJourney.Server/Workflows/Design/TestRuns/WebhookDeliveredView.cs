namespace LoanJourney.Server.Workflows.Design.TestRuns;

/// <summary>
/// A webhook the run delivered, from the scenario's <c>deliver</c>, to a <c>Core.WaitForWebhook</c> step of the draft through its engine's
/// webhook inbox (as <c>/webhooks/*</c> does): the step and the inbox's answer (<c>Routed</c>, <c>Buffered</c>, <c>Duplicate</c>), never the payload or key.
/// </summary>
internal sealed record WebhookDeliveredView(string StepId, string Status);
