using System.Text.Json.Nodes;
using LoanJourney.Activities.Journey;
using LoanJourney.Engine.Activities;
using LoanJourney.Lenders.CapitalFloat;
using Microsoft.Extensions.Logging;

namespace LoanJourney.Activities.CapitalFloat;

/// <summary>
/// Creates the tranche (the disbursal) from the verified block. Once only: before sending, it reads the block balance and
/// saves it with the intent; a re-run that finds the intent reads the balance again and, when the tranche amount was
/// already drawn, completes without sending (the tranche id is then unknown to us; Capital Float has it).
/// </summary>
[Activity("CapitalFloat.CreateTranche", Description = "Capital Float: create the tranche (once; reconcile with the block balance).", IsOnceOnly = true,
    Outcomes = ["Disbursed", "Rejected"], Outputs = ["trancheId", "orderId", "suborderId", "reconciled"])]
[ActivityInput("appId", ActivityValueType.String, Required = true, Description = "Capital Float app_id.")]
[ActivityInput("orderId", ActivityValueType.String, Required = true, Description = "The blocked, verified order.")]
[ActivityInput("amount", ActivityValueType.Any, Required = true, Description = "Tranche amount (an integer, at most the block balance).")]
[ActivityInput("suborderId", ActivityValueType.String, Description = "Sub-order id (default: the step id).")]
public sealed class CreateTrancheActivity(ICapitalFloatClient capitalFloat, JourneyOptions options, ILogger<CreateTrancheActivity> logger) : Activity
{
    private const string IntentKey = "tranche";

    /// <inheritdoc />
    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var appId = PayLaterInputs.AppId(context);
        var orderId = context.GetRequiredString("orderId");
        var amount = PayLaterInputs.Amount(context);
        var suborderId = context.GetOptionalString("suborderId") ?? context.StepId;
        var balanceRequest = new BlockBalanceRequest { AppId = appId, OrderId = orderId };
        var balance = await LenderCalls.CallAsync(context, ct => capitalFloat.GetBlockBalanceAsync(balanceRequest, ct));
        if (!balance.IsSuccess)
        {
            return LenderResultMapping.Failure(balance);
        }

        var now = PayLaterInputs.ParseAmount(balance.Body?.Balance);
        if (context.GetIntent(IntentKey) is { } intent)
        {
            var before = PayLaterInputs.ParseAmount(intent["balanceBefore"]?.GetValue<string>());
            var drawn = before - now >= PayLaterInputs.ParseAmount(amount);
            ActivityLog.Reconciling(logger, context.InstanceId, context.StepId, IntentKey, drawn ? "found" : "resend");
            context.AddJournalEntry("Reconcile", new JsonObject { ["intent"] = IntentKey, ["action"] = drawn ? "found" : "resend", ["orderId"] = orderId });
            if (drawn)
            {
                return Disbursed(null, orderId, suborderId, reconciled: true);
            }
        }
        else
        {
            await context.SaveIntentAsync(IntentKey, new JsonObject
            {
                ["appId"] = appId,
                ["orderId"] = orderId,
                ["suborderId"] = suborderId,
                ["amount"] = amount,
                ["balanceBefore"] = balance.Body?.Balance,
            });
        }

        var request = new CreateTrancheRequest { AppId = appId, OrderId = orderId, Amount = amount, SuborderId = suborderId };
        var result = await LenderCalls.CallAsync(context, ct => capitalFloat.CreateTrancheAsync(request, ct));
        return LenderResultMapping.Map(context, result, options.PollInterval, r => Disbursed(r.Body?.TrancheId, orderId, suborderId, reconciled: false));
    }

    private static ActivityResult Disbursed(string? trancheId, string orderId, string suborderId, bool reconciled) =>
        ActivityResult.Complete("Disbursed", new JsonObject { ["trancheId"] = trancheId, ["orderId"] = orderId, ["suborderId"] = suborderId, ["reconciled"] = reconciled });
}
