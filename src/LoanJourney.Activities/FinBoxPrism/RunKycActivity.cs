using System.Text.Json.Nodes;
using LoanJourney.Activities.Journey;
using LoanJourney.Engine.Activities;
using LoanJourney.Lenders.Common;
using LoanJourney.Lenders.FinBoxPrism;
using Microsoft.Extensions.Logging;

namespace LoanJourney.Activities.FinBoxPrism;

/// <summary>
/// Triggers CKYC and polls it. <c>ACTION_PENDING</c> means FinBox waits for the borrower (e.g. SUBMIT_CKYC_OTP): the step
/// fetches a session URL once, exposes it as the <c>sessionUrl</c> variable (the partner shows it), and keeps polling.
/// </summary>
[Activity("FinBox.RunKyc", Description = "Prism v2: trigger KYC and poll; on ACTION_PENDING expose a session URL and keep polling.", IsWait = true,
    Outcomes = ["Approved", "Rejected"], Outputs = ["referenceID", "status"])]
[ActivityInput("customerId", ActivityValueType.String, Required = true, Description = "customerID.")]
[ActivityInput("program", ActivityValueType.String, Description = "PERSONAL_LOAN (default) or EDI.")]
[ActivityInput("redirectUrl", ActivityValueType.String, Description = "Where FinBox's web SDK sends the borrower back (Session API redirectURL).")]
public sealed class RunKycActivity(IFinBoxPrismClient prism, JourneyOptions options, ILogger<RunKycActivity> logger) : PrismPollingActivity<KycData>(options)
{
    private const string SessionKey = "sessionFetched";

    /// <inheritdoc />
    protected override Task<LenderResult<PrismResponse<ReferenceData>>> SendTriggerAsync(ActivityContext context, Stimulus? stimulus, CancellationToken cancellationToken) =>
        prism.TriggerKycAsync(new TriggerKycRequest { CustomerID = context.GetRequiredString("customerId"), Program = Program(context) }, cancellationToken);

    /// <inheritdoc />
    protected override Task<LenderResult<PrismResponse<KycData>>> GetAsync(string referenceId, CancellationToken cancellationToken) =>
        prism.GetKycAsync(referenceId, cancellationToken);

    /// <inheritdoc />
    protected override string? StatusOf(KycData? data) => data?.Status;

    /// <inheritdoc />
    protected override ActivityResult OnSuccess(ActivityContext context, KycData? data, string referenceId)
    {
        context.SetVariable(JourneyVariables.SessionUrl, null);
        return ActivityResult.Complete("Approved", Output(("referenceID", referenceId), ("status", data?.Status)));
    }

    /// <inheritdoc />
    protected override async ValueTask<ActivityResult> OnProcessingAsync(ActivityContext context, LenderResult<PrismResponse<KycData>> result)
    {
        if (result.Body?.Data?.Status == PrismStatuses.ActionPending && context.State[SessionKey] is null)
        {
            var request = new SessionRequest
            {
                CustomerID = context.GetRequiredString("customerId"),
                RedirectURL = context.GetOptionalString("redirectUrl") ?? "https://localhost/kyc-done",
            };
            var session = await LenderCalls.CallAsync(context, ct => prism.CreateSessionAsync(request, ct));
            if (!session.IsSuccess || string.IsNullOrEmpty(session.Body?.Data?.Url))
            {
                // Polling goes on: the session URL is a convenience for the borrower, the KYC answer is what matters.
                context.AddJournalEntry("SessionUnavailable", new JsonObject { ["lenderCode"] = session.LenderCode, ["action"] = result.Body?.Data?.Action });
            }
            else
            {
                context.State[SessionKey] = true;
                context.SetVariable(JourneyVariables.SessionUrl, session.Body.Data.Url);
                context.SetVariable("kycAction", result.Body?.Data?.Action);
                ActivityLog.KycSessionExposed(logger, context.InstanceId, result.Body?.Data?.Action);
            }
        }

        return LenderResultMapping.Poll(context, PollInterval);
    }
}
