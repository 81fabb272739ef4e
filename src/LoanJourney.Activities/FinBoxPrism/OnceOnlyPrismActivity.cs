using System.Text.Json.Nodes;
using LoanJourney.Activities.Journey;
using LoanJourney.Engine.Activities;
using LoanJourney.Lenders.Common;
using LoanJourney.Lenders.FinBoxPrism;
using Microsoft.Extensions.Logging;

namespace LoanJourney.Activities.FinBoxPrism;

/// <summary>
/// A Prism trigger that must not be sent twice (agreement signing, disbursal). Before sending, it saves an intent; once the
/// lender answers, it adds the reference ID to the intent. A re-run that finds the intent reconciles:
/// with a reference ID it polls that operation instead of triggering again; without one (the answer was lost) it re-sends,
/// and FinBox answers a repeat with <c>FBX-S-208</c> "Request Already Reported" and the first reference ID.
/// </summary>
/// <typeparam name="TData">The <c>data</c> of the polling answer.</typeparam>
public abstract class OnceOnlyPrismActivity<TData>(JourneyOptions options, ILogger logger) : PrismPollingActivity<TData>(options)
    where TData : class
{
    /// <summary>The intent key.</summary>
    protected const string IntentKey = "trigger";

    /// <summary>The documented duplicate answer.</summary>
    protected const string AlreadyReported = "FBX-S-208";

    /// <inheritdoc />
    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var intent = context.GetIntent(IntentKey);
        if (intent?[ReferenceIdKey]?.GetValue<string>() is { Length: > 0 } referenceId)
        {
            ActivityLog.Reconciling(logger, context.InstanceId, context.StepId, IntentKey, "poll");
            context.AddJournalEntry("Reconcile", new JsonObject { ["intent"] = IntentKey, ["action"] = "poll", ["referenceID"] = referenceId });
            context.State[ReferenceIdKey] = referenceId;
            return await PollOnceAsync(context);
        }

        if (intent is not null)
        {
            ActivityLog.Reconciling(logger, context.InstanceId, context.StepId, IntentKey, "resend");
            context.AddJournalEntry("Reconcile", new JsonObject { ["intent"] = IntentKey, ["action"] = "resend", ["expect"] = AlreadyReported });
        }

        await context.SaveIntentAsync(IntentKey, new JsonObject
        {
            ["customerID"] = context.GetRequiredString("customerId"),
            ["sentAt"] = context.UtcNow,
            ["attempt"] = context.Attempt,
        });
        return await TriggerAsync(context, stimulus: null);
    }

    /// <inheritdoc />
    protected override async ValueTask<ActivityResult> OnTriggeredAsync(ActivityContext context, string? referenceId)
    {
        if (!string.IsNullOrEmpty(referenceId))
        {
            await context.SaveIntentAsync(IntentKey, new JsonObject
            {
                ["customerID"] = context.GetRequiredString("customerId"),
                [ReferenceIdKey] = referenceId,
            });
        }

        return await base.OnTriggeredAsync(context, referenceId);
    }

    /// <summary>
    /// The operation FAILED at the lender (a definitive answer): a new trigger is safe. The intent is re-armed before it.
    /// </summary>
    protected async Task<ActivityResult> RetriggerAfterFailureAsync(ActivityContext context)
    {
        await context.SaveIntentAsync(IntentKey, new JsonObject
        {
            ["customerID"] = context.GetRequiredString("customerId"),
            ["sentAt"] = context.UtcNow,
            ["previousFailed"] = context.State[ReferenceIdKey]?.DeepClone(),
        });
        return await TriggerAsync(context, stimulus: null);
    }

    /// <summary>Whether a trigger answer was the documented duplicate answer.</summary>
    protected static bool IsAlreadyReported<T>(LenderResult<T> result) => result.LenderCode == AlreadyReported;
}
