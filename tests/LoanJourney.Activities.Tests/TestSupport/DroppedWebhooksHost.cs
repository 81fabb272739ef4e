namespace LoanJourney.Activities.Tests.TestSupport;

/// <summary>A world where FinBox records every v1 event in the user's activity and posts none of them.</summary>
public sealed class DroppedWebhooksHost : JourneyHost
{
    protected override IDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Sandbox:WebhookDrop"] = "true",
    };
}
