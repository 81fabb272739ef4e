using System.Text.Json.Nodes;
using LoanJourney.Activities.Journey;
using LoanJourney.Engine.Activities;
using LoanJourney.Lenders.CapitalFloat;
using Microsoft.Extensions.Logging;

namespace LoanJourney.Activities.CapitalFloat;

/// <summary>
/// Creates the tranche (the disbursal) from the verified block. Capital Float documents no way to look a tranche up and
/// does not say a repeated suborder is harmless, so a send whose answer was lost is never repeated on a guess: the step
/// stops with an outcome-unknown incident (<see cref="MoneyCall"/>) until an operator confirms it was sent (with the
/// tranche id), confirms it was not (sent again), or cancels the journey.
/// </summary>
[Activity("CapitalFloat.CreateTranche", Description = "Capital Float: create the tranche (once; a lost answer waits for the operator).", IsOnceOnly = true,
    PointOfNoReturn = ["Disbursed"], Outcomes = ["Disbursed", "Rejected"], Outputs = ["trancheId", "orderId", "suborderId", "confirmedByOperator", "reason", "lenderCode"])]
[ActivityInput("appId", ActivityValueType.String, Required = true, Description = "Capital Float app_id.")]
[ActivityInput("orderId", ActivityValueType.String, Required = true, Description = "The blocked, verified order.")]
[ActivityInput("amount", ActivityValueType.Any, Required = true, IsWholeAmount = true, Description = "Tranche amount (an integer, at most the blocked amount).")]
[ActivityInput("suborderId", ActivityValueType.String, Description = "Sub-order id (default: the step id).")]
public sealed class CreateTrancheActivity(ICapitalFloatClient capitalFloat, JourneyOptions options, ILogger<CreateTrancheActivity> logger) : Activity
{
    private const string IntentKey = "tranche";
    private const string Operation = "Capital Float tranche";

    /// <inheritdoc />
    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var appId = PayLaterInputs.AppId(context);
        var orderId = context.GetRequiredString("orderId");
        var amount = PayLaterInputs.Amount(context);
        var suborderId = context.GetOptionalString("suborderId") ?? context.StepId;
        var plan = MoneyCall.Reconcile(context, logger, IntentKey, Operation);
        switch (plan.Next)
        {
            case MoneyCall.Next.Stop:
                return plan.Incident!;
            case MoneyCall.Next.ConfirmedSent:
                return Disbursed(context, plan.Reference, orderId, suborderId, confirmedByOperator: true);
        }

        var what = new JsonObject { ["appId"] = appId, ["orderId"] = orderId, ["suborderId"] = suborderId, ["amount"] = amount };
        var request = new CreateTrancheRequest { AppId = appId, OrderId = orderId, Amount = amount, SuborderId = suborderId };
        var (result, incident) = await MoneyCall.SendAsync(context, IntentKey, Operation, what, plan, ct => capitalFloat.CreateTrancheAsync(request, ct));
        return incident ?? LenderResultMapping.Map(context, result, options.PollInterval, r => Disbursed(context, r.Body?.TrancheId, orderId, suborderId, confirmedByOperator: false));
    }

    // The tranche id is also the journey's partner-facing trancheId (JourneyVariables): the reference a partner shows for the disbursal.
    private static ActivityResult Disbursed(ActivityContext context, string? trancheId, string orderId, string suborderId, bool confirmedByOperator)
    {
        if (!string.IsNullOrEmpty(trancheId))
        {
            context.SetVariable(JourneyVariables.TrancheId, trancheId);
        }

        return ActivityResult.Complete("Disbursed", new JsonObject { ["trancheId"] = trancheId, ["orderId"] = orderId, ["suborderId"] = suborderId, ["confirmedByOperator"] = confirmedByOperator });
    }
}
