using LoanJourney.Activities.Journey;
using LoanJourney.Engine.Activities;
using LoanJourney.Lenders.Common;
using LoanJourney.Lenders.FinBoxPrism;
using Microsoft.Extensions.Logging;

namespace LoanJourney.Activities.FinBoxPrism;

/// <summary>
/// Triggers agreement signing once (intent + reconciliation, see <see cref="OnceOnlyPrismActivity{TData}"/>) and polls it.
/// A <c>FAILED</c> signing (definitive at FinBox) is re-triggered up to <c>maxTriggers</c> triggers in all.
/// Sets <c>signedAgreementUrl</c> when FinBox returns the agreement URL.
/// </summary>
[Activity("FinBox.SignAgreement", Description = "Prism v2: trigger agreement signing once (intent; reconcile by reference; a lost answer is resent as the same trigger, which FinBox deduplicates with FBX-S-208) and poll.", IsWait = true, IsOnceOnly = true,
    Outcomes = ["Signed", "Rejected"], Outputs = ["referenceID", "agreementURL", "reason", "lenderCode"])]
[ActivityInput("customerId", ActivityValueType.String, Required = true, Description = "customerID.")]
[ActivityInput("program", ActivityValueType.String, Description = "PERSONAL_LOAN (default) or EDI.")]
[ActivityInput("maxTriggers", ActivityValueType.Integer, Description = "Triggers in all when signing answers FAILED (default 2).")]
public sealed class SignAgreementActivity(IFinBoxPrismClient prism, JourneyOptions options, ILogger<SignAgreementActivity> logger) : OnceOnlyPrismActivity<AgreementSigningData>(options, logger)
{
    /// <inheritdoc />
    protected override LenderOperation Trigger => FinBoxPrismOperations.TriggerAgreementSigning;

    /// <inheritdoc />
    protected override string Operation => "FinBox agreement signing trigger";

    /// <inheritdoc />
    protected override Task<LenderResult<PrismResponse<ReferenceData>>> SendTriggerAsync(ActivityContext context, Stimulus? stimulus, CancellationToken cancellationToken) =>
        prism.TriggerAgreementSigningAsync(new TriggerAgreementSigningRequest { CustomerID = context.GetRequiredString("customerId"), Program = Program(context) }, cancellationToken);

    /// <inheritdoc />
    protected override Task<LenderResult<PrismResponse<AgreementSigningData>>> GetAsync(string referenceId, CancellationToken cancellationToken) =>
        prism.GetAgreementSigningAsync(referenceId, cancellationToken);

    /// <inheritdoc />
    protected override string? StatusOf(AgreementSigningData? data) => data?.Status;

    /// <inheritdoc />
    protected override ActivityResult OnSuccess(ActivityContext context, AgreementSigningData? data, string referenceId)
    {
        if (!string.IsNullOrEmpty(data?.AgreementURL))
        {
            context.SetVariable(JourneyVariables.SignedAgreementUrl, data.AgreementURL);
        }

        return ActivityResult.Complete("Signed", Output(("referenceID", referenceId), ("agreementURL", data?.AgreementURL)));
    }

    /// <inheritdoc />
    protected override async ValueTask<ActivityResult> OnFailedAsync(ActivityContext context, LenderResult<PrismResponse<AgreementSigningData>> result)
    {
        var triggers = context.State[TriggersKey]?.GetValue<int>() ?? 1;
        return triggers >= (context.GetInput<int?>("maxTriggers") ?? 2)
            ? LenderResultMapping.Failure(result)
            : await RetriggerAfterFailureAsync(context);
    }
}
