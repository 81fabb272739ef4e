using System.Text.Json.Nodes;
using LoanJourney.Activities.Journey;
using LoanJourney.Engine.Activities;
using LoanJourney.Lenders.FinBoxPrism;
using Microsoft.Extensions.Logging;

namespace LoanJourney.Activities.FinBoxPrism;

/// <summary>
/// A Prism trigger that must not be sent twice (agreement signing, disbursal). Before sending, it saves an intent; once the
/// lender answers, it adds the reference ID to the intent. A re-run that finds the intent with a reference ID polls that
/// operation instead of triggering again. Without one (the answer was lost) the document offers no lookup by customer, so
/// the step stops with an outcome-unknown incident (<see cref="MoneyCall"/>): the operator confirms it was sent (with the
/// referenceID, which is then polled), confirms it was not (triggered again), or cancels.
/// </summary>
/// <typeparam name="TData">The <c>data</c> of the polling answer.</typeparam>
public abstract class OnceOnlyPrismActivity<TData>(JourneyOptions options, ILogger logger) : PrismPollingActivity<TData>(options)
    where TData : class
{
    /// <summary>The intent key.</summary>
    protected const string IntentKey = "trigger";

    /// <summary>What the trigger does, as the outcome-unknown incident names it.</summary>
    protected abstract string Operation { get; }

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

        var plan = MoneyCall.Reconcile(context, logger, IntentKey, Operation);
        return plan.Next switch
        {
            MoneyCall.Next.Stop => plan.Incident!,
            MoneyCall.Next.ConfirmedSent => await OnTriggeredAsync(context, plan.Reference),
            _ => await SendOnceAsync(context, plan),
        };
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
    protected Task<ActivityResult> RetriggerAfterFailureAsync(ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return SendOnceAsync(context, new MoneyCall.Plan(MoneyCall.Next.Send, null, null, [], null), context.State[ReferenceIdKey]?.DeepClone());
    }

    private async Task<ActivityResult> SendOnceAsync(ActivityContext context, MoneyCall.Plan plan, JsonNode? previousFailed = null)
    {
        var what = new JsonObject { ["customerID"] = context.GetRequiredString("customerId"), ["program"] = Program(context), ["previousFailed"] = previousFailed };
        var (result, incident) = await MoneyCall.SendAsync(context, IntentKey, Operation, what, plan, ct => SendTriggerAsync(context, null, ct));
        return incident ?? await OnTriggerAnswerAsync(context, result);
    }
}
