namespace LoanJourney.Activities.Tests.TestSupport;

/// <summary>A world where FinBox v1 applications move only when a test advances them (POST /sandbox/finbox/users/{id}/advance).</summary>
public sealed class ManualWebhooksHost : JourneyHost
{
    protected override IDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Sandbox:WebhookAutoAdvance"] = "false",
        ["Sandbox:WebhookDuplicates"] = "true",
    };
}
