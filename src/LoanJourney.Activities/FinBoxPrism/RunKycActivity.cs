using System.Text.Json;
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
/// An answer in manual review (<c>outputVariables.manualReviewRequired</c> true, or the message <c>MANUAL_REVIEW_REQUIRED</c>
/// "Application is in manual qc") is not a decision, even when its status reads APPROVED: the step waits (<c>kycAction</c>
/// <c>MANUAL_REVIEW</c>, journal <c>KycManualReview</c>), polling on a back-off from the poll interval up to
/// <c>reviewPollMax</c> (Prism sends no webhook), and goes on with the answer the review ends in.
/// </summary>
[Activity("FinBox.RunKyc", Description = "Prism v2: trigger KYC and poll; on ACTION_PENDING expose a session URL and keep polling; in manual review wait (back-off polls) for its end.", IsWait = true,
    Outcomes = ["Approved", "Rejected"], Outputs = ["referenceID", "status", "manualReview", "reason", "lenderCode"])]
[ActivityInput("customerId", ActivityValueType.String, Required = true, Description = "customerID.")]
[ActivityInput("program", ActivityValueType.String, Description = "PERSONAL_LOAN (default) or EDI.")]
[ActivityInput("redirectUrl", ActivityValueType.String, Description = "Where FinBox's web SDK sends the borrower back (Session API redirectURL).")]
[ActivityInput("reviewPollMax", ActivityValueType.Duration, Description = "Longest wait between polls while KYC is in manual review (default 10 min; the wait doubles from the poll interval).")]
public sealed class RunKycActivity(IFinBoxPrismClient prism, JourneyOptions options, ILogger<RunKycActivity> logger) : PrismPollingActivity<KycData>(options)
{
    private const string SessionKey = "sessionFetched";
    private const string ReviewPollsKey = "reviewPolls";

    /// <summary>The KYC message of an application in manual QC (Get KYC Details, "Possible Message Values").</summary>
    private const string ManualReviewMessage = "MANUAL_REVIEW_REQUIRED";

    /// <summary>The <c>kycAction</c> variable while the lender reviews the application by hand.</summary>
    private const string ManualReviewAction = "MANUAL_REVIEW";

    private static readonly TimeSpan DefaultReviewPollMax = TimeSpan.FromMinutes(10);

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
        if (InManualReview(data))
        {
            return WaitForReview(context, data);
        }

        context.SetVariable(JourneyVariables.SessionUrl, null);
        if (Reviewed(context) is not null)
        {
            context.SetVariable("kycAction", null);
        }

        return ActivityResult.Complete("Approved", Output(("referenceID", referenceId), ("status", data?.Status), ("manualReview", Reviewed(context))));
    }

    /// <inheritdoc />
    protected override ValueTask<ActivityResult> OnRejectedAsync(ActivityContext context, LenderResult<PrismResponse<KycData>> result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return InManualReview(result.Body?.Data)
            ? ValueTask.FromResult(WaitForReview(context, result.Body?.Data))
            : base.OnRejectedAsync(context, result);
    }

    private static bool InManualReview(KycData? data) =>
        string.Equals(data?.Message, ManualReviewMessage, StringComparison.OrdinalIgnoreCase)
        || (data?.OutputVariables is { ValueKind: JsonValueKind.Object } variables
            && variables.TryGetProperty("manualReviewRequired", out var required)
            && required.ValueKind == JsonValueKind.True);

    private static JsonValue? Reviewed(ActivityContext context) => context.State[ReviewPollsKey] is null ? null : JsonValue.Create(true);

    private ActivityResult WaitForReview(ActivityContext context, KycData? data)
    {
        var polls = context.State[ReviewPollsKey]?.GetValue<int>() ?? 0;
        if (polls == 0)
        {
            context.SetVariable("kycAction", ManualReviewAction);
            context.AddJournalEntry("KycManualReview", new JsonObject { ["status"] = data?.Status, ["message"] = data?.Message, ["since"] = context.UtcNow });
            ActivityLog.KycManualReview(logger, context.InstanceId);
        }

        context.State[ReviewPollsKey] = polls + 1;
        var max = context.GetInput<TimeSpan?>("reviewPollMax") ?? DefaultReviewPollMax;
        var wait = TimeSpan.FromTicks(Math.Min(max.Ticks, PollInterval.Ticks * (1L << Math.Min(polls, 20))));
        return LenderResultMapping.Poll(context, wait);
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

            // A session was asked for (a POST): this poll is committed as any other suspension.
            return LenderResultMapping.Poll(context, PollInterval);
        }

        return LenderResultMapping.PollAgain(context, PollInterval);
    }
}
