using System.Text.Json.Nodes;
using LoanJourney.Activities.Journey;
using LoanJourney.Engine.Activities;
using LoanJourney.Lenders.CapitalFloat;
using LoanJourney.Lenders.Common;
using Microsoft.Extensions.Logging;

namespace LoanJourney.Activities.CapitalFloat;

/// <summary>
/// Blocks the amount on the borrower's pay-later limit (Capital Float then sends the borrower an OTP). Once only: the
/// intent (app, order, amount) is saved before the call; a re-run that finds it asks Fetch Block Balance for the order
/// and only sends when Capital Float does not know it (-12). A re-sent block is answered -13 "duplicate blocked order",
/// which also counts as blocked; -13 to the journey's first send means another journey blocked that order (an order id
/// reused): an incident, never adopted.
/// </summary>
[Activity("CapitalFloat.BlockAmount", Description = "Capital Float: block the amount (once; reconcile with the block balance).", IsOnceOnly = true,
    Outcomes = ["Blocked", "Rejected"], Outputs = ["orderId", "amount", "reconciled", "reason", "lenderCode"])]
[ActivityInput("appId", ActivityValueType.String, Required = true, Description = "Capital Float app_id of the borrower.")]
[ActivityInput("amount", ActivityValueType.Any, Required = true, Description = "Amount to block (number or string).")]
[ActivityInput("orderId", ActivityValueType.String, Description = "Our order id (default: derived from the instance id).")]
public sealed class BlockAmountActivity(ICapitalFloatClient capitalFloat, JourneyOptions options, ILogger<BlockAmountActivity> logger) : Activity
{
    private const string IntentKey = "block";

    /// <inheritdoc />
    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var appId = PayLaterInputs.AppId(context);
        var orderId = PayLaterInputs.OrderId(context);
        var amount = PayLaterInputs.Amount(context);
        // An intent marked taken elsewhere is not this journey's block: a retry sends as the first time, never adopts.
        var resend = context.GetIntent(IntentKey) is { } intent && intent[MoneyCall.TakenElsewhere] is null;
        if (resend)
        {
            var balance = await LenderCalls.CallAsync(context, ct => capitalFloat.GetBlockBalanceAsync(new BlockBalanceRequest { AppId = appId, OrderId = orderId }, ct));
            var known = balance.IsSuccess;
            ActivityLog.Reconciling(logger, context.InstanceId, context.StepId, IntentKey, known ? "found" : "resend");
            context.AddJournalEntry("Reconcile", new JsonObject { ["intent"] = IntentKey, ["action"] = known ? "found" : "resend", ["orderId"] = orderId });
            if (known)
            {
                return Blocked(orderId, amount, reconciled: true);
            }

            if (balance.LenderCode != PayLaterCodes.BlockedOrderNotFound)
            {
                // Neither "found" nor "not found": sending now could block twice.
                return LenderResultMapping.Failure(balance);
            }
        }

        await context.SaveIntentAsync(IntentKey, new JsonObject { ["appId"] = appId, ["orderId"] = orderId, ["amount"] = amount });
        var result = await LenderCalls.CallAsync(context, ct => capitalFloat.BlockAsync(new BlockRequest { AppId = appId, OrderId = orderId, Amount = amount }, ct));
        if (!resend && result.LenderCode == PayLaterCodes.DuplicateBlockedOrder)
        {
            // This journey's first block of the order, answered "duplicate": another journey (the partner reused the order id)
            // blocked it. Never adopted: its OTP and tranche are the other journey's.
            return await MoneyCall.TakenElsewhereAsync(context, IntentKey, "Block amount", result.LenderCode, orderId);
        }

        // A lost answer fails retryable: the re-run asks Fetch Block Balance (the intent is saved) before sending again.
        return LenderResultMapping.Map(context, result, options.PollInterval, r => Blocked(orderId, amount, reconciled: r.LenderCode == PayLaterCodes.DuplicateBlockedOrder),
            retryReconciles: true);
    }

    private static ActivityResult Blocked(string orderId, string amount, bool reconciled) =>
        ActivityResult.Complete("Blocked", new JsonObject { ["orderId"] = orderId, ["amount"] = amount, ["reconciled"] = reconciled });
}
