namespace LoanJourney.Activities.Tests.TestSupport;

/// <summary>A world where every v1 webhook is delivered twice and each pair of consecutive events swapped.</summary>
public sealed class ShuffledWebhooksHost : JourneyHost
{
    protected override IDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Sandbox:WebhookDuplicates"] = "true",
        ["Sandbox:WebhookShuffle"] = "true",
    };
}
