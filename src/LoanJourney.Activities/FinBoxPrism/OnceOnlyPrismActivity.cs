using System.Text.Json.Nodes;
using LoanJourney.Activities.Journey;
using LoanJourney.Engine.Activities;
using LoanJourney.Lenders.Common;
using LoanJourney.Lenders.FinBoxPrism;
using Microsoft.Extensions.Logging;

namespace LoanJourney.Activities.FinBoxPrism;

/// <summary>
/// A Prism trigger that must not be sent twice (agreement signing, disbursal). Before sending, it saves an intent; once the
/// lender answers, it adds the reference ID to the intent. A re-run that finds the intent with a reference ID polls that
/// operation instead of triggering again. Without one (the answer was lost) the document offers no lookup by customer, but
/// FinBox deduplicates a repeated trigger (<see cref="LenderOperation.DuplicateAnswer"/>, <c>FBX-S-208</c> "Request Already
/// Reported"), so the next attempt sends the same trigger again: a success means the first never took effect; the duplicate
/// answer means it did, and its referenceID (when the answer carries one; the document does not promise it) is polled.
/// The duplicate answer is this journey's only after a send of its own that may have taken effect; to a first send it means the
/// request was taken elsewhere (another journey of the customer), which stops with an incident (<see cref="MoneyCall.TakenElsewhereAsync"/>).
/// A duplicate answer without a referenceID stops with an outcome-unknown incident (<see cref="MoneyCall"/>) and the intent
/// marked taken: the operator confirms it was sent (with the referenceID, which is then polled); confirm-not-sent is refused
/// (FinBox has the request), and so is a cancel of the disbursal (its point of no return), while an agreement may be cancelled.
/// A trigger whose operation is not deduplicated stops with that incident as soon as an answer is lost.
/// </summary>
/// <typeparam name="TData">The <c>data</c> of the polling answer.</typeparam>
public abstract class OnceOnlyPrismActivity<TData>(JourneyOptions options, ILogger logger) : PrismPollingActivity<TData>(options)
    where TData : class
{
    /// <summary>The intent key.</summary>
    protected const string IntentKey = "trigger";

    /// <summary>What the trigger does, as the outcome-unknown incident names it.</summary>
    protected abstract string Operation { get; }

    /// <summary>The trigger's documented endpoint: whether a repeat is deduplicated (<see cref="LenderOperation.DuplicateAnswer"/>).</summary>
    protected abstract LenderOperation Trigger { get; }

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

        var plan = MoneyCall.Reconcile(context, logger, IntentKey, Operation, Deduplicated);
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
            await context.RecordIntentAsync(IntentKey, new JsonObject
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
        var (result, incident) = await MoneyCall.SendAsync(context, IntentKey, Operation, what, plan, ct => SendTriggerAsync(context, null, ct), Deduplicated);
        if (incident is not null)
        {
            return incident;
        }

        if (result.OutcomeUnknown)
        {
            // Deduplicated (else MoneyCall raised the incident): the step's retry sends the same trigger, whose answer tells.
            var answer = result.HttpStatus is { } status
                ? $"answered {status} {result.LenderCode}, which does not say whether it took effect"
                : $"no answer ({result.LenderCode ?? "no code"})";
            return ActivityResult.Fail(LenderResultMapping.OutcomeUnknown,
                $"{Operation}: {answer}. FinBox deduplicates this trigger ({Trigger.DuplicateAnswer}), so the next attempt sends it again to learn the outcome.",
                retryable: true,
                new JsonObject { ["lenderCode"] = result.LenderCode, ["outcomeUnknown"] = true });
        }

        if (result.IsSuccess && Trigger.DuplicateAnswer is { } duplicate && result.LenderCode == duplicate)
        {
            var referenceId = result.Body?.Data?.ReferenceID;
            if (!MoneyCall.MayHaveTakenEffect(plan.PreviousSends))
            {
                return await MoneyCall.TakenElsewhereAsync(context, IntentKey, Operation, duplicate, referenceId);
            }

            context.AddJournalEntry("Reconcile", new JsonObject
            {
                ["intent"] = IntentKey,
                ["action"] = string.IsNullOrEmpty(referenceId) ? "already-taken-no-reference" : "already-taken",
                ["lenderCode"] = result.LenderCode,
                ["referenceID"] = referenceId,
            });
            if (string.IsNullOrEmpty(referenceId))
            {
                return await MoneyCall.AlreadyTakenWithoutReferenceAsync(context, IntentKey, Operation, duplicate);
            }
        }

        return await OnTriggerAnswerAsync(context, result);
    }

    private bool Deduplicated => Trigger.DuplicateAnswer is not null;
}
