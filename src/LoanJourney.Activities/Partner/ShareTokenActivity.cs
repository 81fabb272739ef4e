using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LoanJourney.Activities.Journey;
using LoanJourney.Engine.Activities;
using LoanJourney.Lenders.Common;
using LoanJourney.Lenders.PartnerToken;
using Microsoft.Extensions.Logging;

namespace LoanJourney.Activities.Partner;

/// <summary>
/// Reports the final decision to the partner (token share): <c>final_approval</c> true with the partner token when
/// disbursed, false when rejected. Skipped when there is no verified customer reference (not a partner-sourced journey)
/// or a decision was already shared by this instance (<c>tokenShared</c>), or <c>skipWhenSet</c> is bound to a value (partner-handshake v3: a
/// child journey started owns the answer, docs/journeys.md). Once only: the intent is saved before sending;
/// the partner offers no status query ("Token Status: coming soon"), so a re-run after a lost answer re-sends the same
/// decision, which the partner records again (the documented behaviour is idempotent for the same payload). A partner's
/// journey shares with that partner's own API only (<see cref="PartnerApi"/>).
/// </summary>
[Activity("Partner.ShareToken", Description = "Partner: share the final decision (final_approval true/false) once; skipped without a verified customer reference.",
    IsOnceOnly = true, Outcomes = ["Shared", "Skipped"], Outputs = ["finalApproval", "reason"])]
[ActivityInput("verifiedCustomerRefId", ActivityValueType.String, Description = "The partner's verified customer reference; absent → Skipped.")]
[ActivityInput("finalApproval", ActivityValueType.Boolean, Required = true, Description = "true: disbursed; false: rejected.")]
[ActivityInput("partnerToken", ActivityValueType.String, Description = "x_partner_token (required by the partner when approved).")]
[ActivityInput("amountSanctioned", ActivityValueType.Any, Description = "Sanctioned amount.")]
[ActivityInput("interest", ActivityValueType.Any, Description = "Interest rate.")]
[ActivityInput("duration", ActivityValueType.Any, Description = "Loan duration, in loanDurationType units.")]
[ActivityInput("loanDurationType", ActivityValueType.String, Description = "days or months (default months).")]
[ActivityInput("interestType", ActivityValueType.String, Description = "interest_type of the accepted offer (reducing or flat); left out when unknown.")]
[ActivityInput("interestFrequency", ActivityValueType.String, Description = "interest_frequency of the accepted offer (yearly); left out when unknown.")]
[ActivityInput("reason", ActivityValueType.String, Description = "Why the answer is false (kept in the output and journal: the partner API has no field for it).")]
[ActivityInput("skipWhenSet", ActivityValueType.Any, Description = "Skipped when this bound value is set, e.g. $vars.childInstanceId: a child journey started owns the partner's answer.")]
public sealed class ShareTokenActivity(PartnerTokenClients partners, JourneyOptions options, ILogger<ShareTokenActivity> logger) : Activity
{
    private const string IntentKey = "share";

    /// <inheritdoc />
    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var approval = context.GetInput<bool?>("finalApproval") ?? throw new ActivityInputException("finalApproval", "Input 'finalApproval' is required.");
        var refId = context.GetOptionalString("verifiedCustomerRefId");
        if (string.IsNullOrEmpty(refId) || context.GetVariable(JourneyVariables.TokenShared) is not null || context.GetInput("skipWhenSet") is not null)
        {
            return ActivityResult.Complete("Skipped", new JsonObject { ["finalApproval"] = approval, ["reason"] = approval ? null : context.GetOptionalString("reason") });
        }

        // Before the intent: nothing is sent, so there is nothing to reconcile once the partner's API is configured.
        if (partners.For(context.Partner) is not { } partner)
        {
            return PartnerApi.NotConfigured(context.Partner!);
        }

        if (context.GetIntent(IntentKey) is not null)
        {
            ActivityLog.Reconciling(logger, context.InstanceId, context.StepId, IntentKey, "resend");
            context.AddJournalEntry("Reconcile", new JsonObject { ["intent"] = IntentKey, ["action"] = "resend", ["why"] = "the partner has no token status query" });
        }

        await context.SaveIntentAsync(IntentKey, new JsonObject { ["verifiedCustomerRefId"] = refId, ["finalApproval"] = approval });
        var request = new TokenShareRequest
        {
            VerifiedCustomerRefId = refId,
            FinalApproval = approval,
            XPartnerToken = approval ? context.GetOptionalString("partnerToken") : null,
            AmountSanctioned = Text(context, "amountSanctioned"),
            Interest = Text(context, "interest"),
            Duration = Text(context, "duration"),
            LoanDurationType = approval ? context.GetOptionalString("loanDurationType") ?? "months" : null,
            InterestFrequency = approval ? context.GetOptionalString("interestFrequency") : null,
            InterestType = approval ? context.GetOptionalString("interestType") : null,
        };
        var result = await LenderCalls.CallAsync(context, ct => partner.ShareTokenAsync(request, ct));

        if (PartnerApi.IsMisconfigured(result.HttpStatus))
        {
            // 401/403/404/405: our key or path is wrong, whatever the body says (a {"status":"-1"} in it is no refusal), session 47.
            return PartnerApi.Misconfigured(context.Partner, "token share", result);
        }

        // As the handshake: a negative status inside a 5xx, 408 or 429 is no refusal (retried, then an incident), session 47.
        if (result.Kind != LenderResultKind.RetryableFailure && PartnerStatuses.IsError(result.Body?.Status))
        {
            return ActivityResult.Fail("PartnerRefused", Pii.ScrubText($"{result.Body!.Status}: {result.Body.Msg}"), retryable: false);
        }

        return LenderResultMapping.Map(context, result, options.PollInterval, _ =>
        {
            context.SetVariable(JourneyVariables.TokenShared, approval);
            ActivityLog.TokenShared(logger, context.InstanceId, approval);
            return ActivityResult.Complete("Shared", new JsonObject { ["finalApproval"] = approval, ["reason"] = approval ? null : context.GetOptionalString("reason") });
        }, retryReconciles: true); // the partner records the same decision again (documented idempotent for the same payload)
    }

    private static string? Text(ActivityContext context, string name) => context.GetInput(name) switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.GetValue<decimal>().ToString(CultureInfo.InvariantCulture),
        var other => other.ToJsonString(),
    };
}
