using System.Globalization;
using System.Text.Json.Nodes;
using LoanJourney.Activities.Journey;
using LoanJourney.Engine.Activities;
using LoanJourney.Lenders.CapitalFloat;
using LoanJourney.Lenders.Common;
using Microsoft.Extensions.Logging;

namespace LoanJourney.Activities.CapitalFloat;

/// <summary>
/// The limit check before a block: Fetch Profile Available Limit (<c>available_limit</c>, a string in the document) and,
/// when the amount fits, Fetch Borrower Details (<c>agent_info</c>) for the sanction's state. An amount above the available
/// limit ends <c>OverLimit</c> and a sanction that is not active or is on hold ends <c>Rejected</c>, both without any
/// block sent. Only reads: a failed read is retried by the step's policy; a limit that is not a number raises an incident
/// (blocking on a guess could overdraw, refusing on one would turn away a good borrower).
/// </summary>
[Activity("CapitalFloat.CheckLimit", Description = "Capital Float: check the available limit (profile_available_limit) and the sanction's state (agent_info) before a block.",
    Outcomes = ["WithinLimit", "OverLimit", "Rejected"], Outputs = ["availableLimit", "amount", "reason", "sanctionId", "lenderCode"])]
[ActivityInput("appId", ActivityValueType.String, Required = true, Description = "Capital Float app_id of the borrower.")]
[ActivityInput("amount", ActivityValueType.Any, Required = true, Description = "Amount the journey means to block (number or string).")]
[ActivityInput("readBorrowerDetails", ActivityValueType.Boolean, Description = "Also read agent_info and refuse a sanction that is inactive or on hold (default true).")]
public sealed class CheckLimitActivity(ICapitalFloatClient capitalFloat, ILogger<CheckLimitActivity> logger) : Activity
{
    /// <summary>The value of <c>isOnHold</c> for a profile that is not on hold: the document's sample shows "Active" there.</summary>
    public const string NotOnHold = "Active";

    /// <inheritdoc />
    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var appId = PayLaterInputs.AppId(context);
        var amountText = PayLaterInputs.Amount(context);
        var amount = PayLaterInputs.ParseAmount(amountText);

        var limit = await LenderCalls.CallAsync(context, ct => capitalFloat.GetAvailableLimitAsync(new AvailableLimitRequest { AppId = appId }, ct));
        if (!limit.IsSuccess)
        {
            return NotSuccess(limit);
        }

        if (!Amounts.TryParse(limit.Body?.AvailableLimit, out var available))
        {
            return ActivityResult.Fail(LenderResultMapping.LenderError,
                $"Capital Float answered available_limit '{limit.Body?.AvailableLimit}', which is not an amount; blocking or refusing on it would be a guess.",
                retryable: false, new JsonObject { ["availableLimit"] = limit.Body?.AvailableLimit });
        }

        var availableText = available.ToString(CultureInfo.InvariantCulture);
        if (amount > available)
        {
            ActivityLog.LimitRefused(logger, context.InstanceId, "over the available limit");
            return Outcome("OverLimit", availableText, amountText, $"amount {amountText} is above the available limit {availableText}", null);
        }

        if (context.GetInput<bool?>("readBorrowerDetails") == false)
        {
            return Outcome("WithinLimit", availableText, amountText, null, null);
        }

        var details = await LenderCalls.CallAsync(context, ct => capitalFloat.GetBorrowerDetailsAsync(new BorrowerDetailsRequest { AppId = appId }, ct));
        if (!details.IsSuccess)
        {
            return NotSuccess(details);
        }

        var profiles = details.Body?.Sresp?.AgentProfiles ?? [];
        var usable = profiles.FirstOrDefault(Usable);
        if (usable is null)
        {
            var first = profiles.FirstOrDefault();
            var reason = first is null
                ? "Capital Float lists no sanction (agentProfiles) for the app"
                : first.IsActive == false
                    ? "the sanction is not active"
                    : $"the sanction is on hold ({first.IsOnHold}: {first.OnHoldReason})";
            ActivityLog.LimitRefused(logger, context.InstanceId, "sanction not usable");
            return Outcome(LenderResultMapping.Rejected, availableText, amountText, reason, first?.SanctionId);
        }

        return Outcome("WithinLimit", availableText, amountText, null, usable.SanctionId);
    }

    // A lender rejection is the Rejected outcome; anything else fails the attempt (reads are safe to repeat).
    private static ActivityResult NotSuccess<T>(LenderResult<T> result) =>
        result.Kind == LenderResultKind.Rejected ? LenderResultMapping.RejectedOutcome(result) : LenderResultMapping.Failure(result);

    // isActive false, or isOnHold carrying anything but the sample's "Active", is a sanction a block must not be sent against.
    private static bool Usable(AgentProfile profile) =>
        profile.IsActive != false && (profile.IsOnHold is null || string.Equals(profile.IsOnHold, NotOnHold, StringComparison.OrdinalIgnoreCase));

    private static ActivityResult Outcome(string outcome, string available, string amount, string? reason, string? sanctionId) =>
        ActivityResult.Complete(outcome, new JsonObject { ["availableLimit"] = available, ["amount"] = amount, ["reason"] = reason, ["sanctionId"] = sanctionId });
}
