using System.Text.Json.Nodes;

namespace LoanJourney.Engine.Activities.BuiltIn;

/// <summary>Waits for a webhook event with a correlation key, optionally with a timeout.</summary>
[Activity("Core.WaitForWebhook", Description = "Wait for a webhook event by correlation key.", IsWait = true, Outcomes = ["Received", "Timeout"], Outputs = ["payload"])]
[ActivityInput("key", ActivityValueType.String, Required = true, Description = "Correlation key, e.g. finbox:{{$input.customerId}}:LOAN_DISBURSED.")]
[ActivityInput("timeout", ActivityValueType.Duration, Description = "Optional timeout; fires outcome Timeout.")]
public sealed class WaitForWebhookActivity : Activity
{
    /// <inheritdoc />
    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var webhook = BookmarkRequest.Webhook(context.GetRequiredString("key"));
        var timeout = context.GetOptionalDuration("timeout");
        return ValueTask.FromResult(timeout is { } t
            ? ActivityResult.Suspend(webhook, BookmarkRequest.Timer(context.UtcNow + t, "timeout"))
            : ActivityResult.Suspend(webhook));
    }

    /// <inheritdoc />
    public override ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Stimulus stimulus)
    {
        ArgumentNullException.ThrowIfNull(stimulus);
        return ValueTask.FromResult(stimulus.Kind == BookmarkKind.Timer
            ? ActivityResult.Complete("Timeout")
            : ActivityResult.Complete("Received", new JsonObject { ["payload"] = stimulus.Payload?.DeepClone() }));
    }
}
