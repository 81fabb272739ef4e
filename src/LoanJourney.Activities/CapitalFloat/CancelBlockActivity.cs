using System.Globalization;
using System.Text.Json.Nodes;
using LoanJourney.Activities.Journey;
using LoanJourney.Engine.Activities;
using LoanJourney.Lenders.CapitalFloat;

namespace LoanJourney.Activities.CapitalFloat;

/// <summary>
/// Releases what is left of a block. Idempotent by construction: it reads the block balance first and cancels only that
/// balance, so a repeat (a re-run, or the compensation after the flowchart already cancelled) releases nothing twice.
/// Used both as a flowchart step and as <c>CapitalFloat.BlockAmount</c>'s compensation (it never suspends).
/// </summary>
[Activity("CapitalFloat.CancelBlock", Description = "Capital Float: cancel what is left of the block (reads the balance first; safe to repeat).",
    Outcomes = ["Cancelled"], Outputs = ["released"])]
[ActivityInput("appId", ActivityValueType.String, Required = true, Description = "Capital Float app_id.")]
[ActivityInput("orderId", ActivityValueType.String, Required = true, Description = "The blocked order.")]
public sealed class CancelBlockActivity(ICapitalFloatClient capitalFloat, JourneyOptions options) : Activity
{
    /// <inheritdoc />
    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var appId = PayLaterInputs.AppId(context);
        var orderId = context.GetRequiredString("orderId");
        var balance = await LenderCalls.CallAsync(context, ct => capitalFloat.GetBlockBalanceAsync(new BlockBalanceRequest { AppId = appId, OrderId = orderId }, ct));
        if (!balance.IsSuccess)
        {
            return balance.LenderCode == PayLaterCodes.BlockedOrderNotFound
                ? Cancelled(0m)
                : LenderResultMapping.Failure(balance);
        }

        var left = PayLaterInputs.ParseAmount(balance.Body?.Balance);
        if (left <= 0)
        {
            return Cancelled(0m);
        }

        var request = new CancelBlockRequest { AppId = appId, OrderId = orderId, Amount = left.ToString(CultureInfo.InvariantCulture) };
        var result = await LenderCalls.CallAsync(context, ct => capitalFloat.CancelBlockAsync(request, ct));
        return LenderResultMapping.Map(context, result, options.PollInterval, _ => Cancelled(left));
    }

    private static ActivityResult Cancelled(decimal released) => ActivityResult.Complete("Cancelled", new JsonObject { ["released"] = released });
}
