using System.Text.Json.Nodes;
using LoanJourney.Activities.Journey;
using LoanJourney.Engine.Activities;
using LoanJourney.Lenders.CapitalFloat;
using Microsoft.Extensions.Logging;

namespace LoanJourney.Activities.CapitalFloat;

/// <summary>
/// Releases the blocked amount (Remove Block Amount). The document does not say what Fetch Block Balance's <c>balance</c>
/// measures, so the amount released is the one we blocked, given as input. A cancel whose answer was lost is never
/// repeated on a guess (<see cref="MoneyCall"/>): outcome-unknown incident, the operator decides. <c>-12</c> "blocked order
/// not found" means there is nothing to release. Used as a flowchart step and as <c>CapitalFloat.BlockAmount</c>'s
/// compensation (it never suspends).
/// </summary>
[Activity("CapitalFloat.CancelBlock", Description = "Capital Float: release the blocked amount (once; a lost answer waits for the operator).", IsOnceOnly = true,
    Outcomes = ["Cancelled"], Outputs = ["released", "confirmedByOperator"])]
[ActivityInput("appId", ActivityValueType.String, Required = true, Description = "Capital Float app_id.")]
[ActivityInput("orderId", ActivityValueType.String, Required = true, Description = "The blocked order.")]
[ActivityInput("amount", ActivityValueType.Any, Required = true, Description = "The amount that was blocked (released in full).")]
public sealed class CancelBlockActivity(ICapitalFloatClient capitalFloat, JourneyOptions options, ILogger<CancelBlockActivity> logger) : Activity
{
    private const string IntentKey = "cancel";
    private const string Operation = "Capital Float block cancel";

    /// <inheritdoc />
    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var appId = PayLaterInputs.AppId(context);
        var orderId = context.GetRequiredString("orderId");
        var amount = PayLaterInputs.Amount(context);
        var plan = MoneyCall.Reconcile(context, logger, IntentKey, Operation);
        switch (plan.Next)
        {
            case MoneyCall.Next.Stop:
                return plan.Incident!;
            case MoneyCall.Next.ConfirmedSent:
                return Cancelled(amount, confirmedByOperator: true);
        }

        var what = new JsonObject { ["appId"] = appId, ["orderId"] = orderId, ["amount"] = amount };
        var request = new CancelBlockRequest { AppId = appId, OrderId = orderId, Amount = amount };
        var (result, incident) = await MoneyCall.SendAsync(context, IntentKey, Operation, what, plan, ct => capitalFloat.CancelBlockAsync(request, ct));
        if (incident is not null)
        {
            return incident;
        }

        return result.LenderCode == PayLaterCodes.BlockedOrderNotFound
            ? Cancelled("0", confirmedByOperator: false)
            : LenderResultMapping.Map(context, result, options.PollInterval, _ => Cancelled(amount, confirmedByOperator: false));
    }

    private static ActivityResult Cancelled(string released, bool confirmedByOperator) =>
        ActivityResult.Complete("Cancelled", new JsonObject { ["released"] = released, ["confirmedByOperator"] = confirmedByOperator });
}
