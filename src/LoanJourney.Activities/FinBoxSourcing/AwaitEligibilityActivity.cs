using System.Text.Json.Nodes;
using LoanJourney.Activities.Journey;
using LoanJourney.Engine.Activities;
using LoanJourney.Lenders.Common;
using LoanJourney.Lenders.FinBoxSourcing;

namespace LoanJourney.Activities.FinBoxSourcing;

/// <summary>
/// Reads the borrower's eligibility. When FinBox has none yet (HTTP 409), waits for the <c>eligibility_calculated</c>
/// webhook (key <see cref="WebhookKeys.FinBoxEvent"/>) or a fallback poll timer, whichever comes first, until <c>timeout</c>.
/// </summary>
[Activity("FinBoxSdk.AwaitEligibility", Description = "Sourcing v1: eligibility; when not yet calculated wait for the eligibility_calculated webhook (poll as fallback).",
    IsWait = true, Outcomes = ["Eligible", "NotEligible", "TimedOut"], Outputs = ["eligibleAmount", "reason"])]
[ActivityInput("customerId", ActivityValueType.String, Required = true, Description = "customerID.")]
[ActivityInput("fallbackPollInterval", ActivityValueType.Duration, Description = "Poll when no webhook came (default: Engine:PollInterval x 12).")]
[ActivityInput("timeout", ActivityValueType.Duration, Description = "Give up after (default 1 day).")]
public sealed class AwaitEligibilityActivity(IFinBoxSourcingClient sourcing, JourneyOptions options) : Activity
{
    private const string DeadlineKey = "deadline";
    private const string TimeoutTimer = "timeout";

    /// <inheritdoc />
    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.State[DeadlineKey] = context.UtcNow + (context.GetOptionalDuration("timeout") ?? TimeSpan.FromDays(1));
        return await CheckAsync(context);
    }

    /// <inheritdoc />
    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Stimulus stimulus)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(stimulus);
        return stimulus.Name == TimeoutTimer ? ActivityResult.Complete("TimedOut") : await CheckAsync(context);
    }

    private async Task<ActivityResult> CheckAsync(ActivityContext context)
    {
        var customerId = context.GetRequiredString("customerId");
        var result = await LenderCalls.CallAsync(context, ct => sourcing.GetEligibilityAsync(customerId, ct));
        return LenderResultMapping.Map(context, result, options.PollInterval,
            r => r.Body?.Data is { IsEligible: true } data
                ? ActivityResult.Complete("Eligible", new JsonObject { ["eligibleAmount"] = data.EligibleAmount })
                : ActivityResult.Complete("NotEligible", new JsonObject { ["eligibleAmount"] = r.Body?.Data?.EligibleAmount, ["reason"] = "is_eligible false" }),
            _ => Wait(context, customerId));
    }

    private ActivityResult Wait(ActivityContext context, string customerId)
    {
        var deadline = context.State[DeadlineKey]!.GetValue<DateTimeOffset>();
        var poll = context.GetOptionalDuration("fallbackPollInterval") ?? options.PollInterval * 12;
        var next = context.UtcNow + poll;

        // The time-out is always one of the wait's timers, beside the next poll, so the wait shows when it ends (a draft test
        // run waits for a time-out due soon instead of settling the wait as one no webhook will end).
        var webhook = BookmarkRequest.Webhook(WebhookKeys.FinBoxEvent(customerId, SourcingWebhookEvents.EligibilityCalculated), "eligibility");
        var timeout = BookmarkRequest.Timer(deadline, TimeoutTimer);
        return next < deadline
            ? ActivityResult.Suspend(webhook, BookmarkRequest.Timer(next, LenderResultMapping.PollTimer), timeout)
            : ActivityResult.Suspend(webhook, timeout);
    }
}
