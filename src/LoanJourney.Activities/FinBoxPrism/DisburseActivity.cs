using LoanJourney.Activities.Journey;
using LoanJourney.Engine.Activities;
using LoanJourney.Lenders.Common;
using LoanJourney.Lenders.FinBoxPrism;
using Microsoft.Extensions.Logging;

namespace LoanJourney.Activities.FinBoxPrism;

/// <summary>
/// Triggers the disbursal once (intent + reconciliation, see <see cref="OnceOnlyPrismActivity{TData}"/>) and polls until
/// FinBox reports the UTR. Sets <c>utrNumber</c> and <c>loanAccountNumber</c>.
/// </summary>
[Activity("FinBox.Disburse", Description = "Prism v2: trigger the disbursal once (intent; reconcile by reference; a lost answer is resent as the same trigger, which FinBox deduplicates with FBX-S-208) and poll for the UTR.", IsWait = true, IsOnceOnly = true,
    PointOfNoReturn = ["Disbursed"], Outcomes = ["Disbursed"], Outputs = ["referenceID", "utrNumber", "loanAccountNumber", "disbursedAmount", "disbursedAt"])]
[ActivityInput("customerId", ActivityValueType.String, Required = true, Description = "customerID.")]
[ActivityInput("program", ActivityValueType.String, Description = "PERSONAL_LOAN (default) or EDI.")]
public sealed class DisburseActivity(IFinBoxPrismClient prism, JourneyOptions options, ILogger<DisburseActivity> logger) : OnceOnlyPrismActivity<DisbursalData>(options, logger)
{
    /// <inheritdoc />
    protected override LenderOperation Trigger => FinBoxPrismOperations.TriggerDisbursal;

    /// <inheritdoc />
    protected override string Operation => "FinBox disbursal trigger";

    /// <inheritdoc />
    protected override Task<LenderResult<PrismResponse<ReferenceData>>> SendTriggerAsync(ActivityContext context, Stimulus? stimulus, CancellationToken cancellationToken) =>
        prism.TriggerDisbursalAsync(new TriggerDisbursalRequest { CustomerID = context.GetRequiredString("customerId"), Program = Program(context) }, cancellationToken);

    /// <inheritdoc />
    protected override Task<LenderResult<PrismResponse<DisbursalData>>> GetAsync(string referenceId, CancellationToken cancellationToken) =>
        prism.GetDisbursalAsync(referenceId, cancellationToken);

    /// <inheritdoc />
    protected override string? StatusOf(DisbursalData? data) => data?.Status;

    /// <inheritdoc />
    protected override ActivityResult OnSuccess(ActivityContext context, DisbursalData? data, string referenceId)
    {
        // GDB-S-200 answers every status: only SUCCESS with a UTR means the money left.
        if (data?.Status != PrismStatuses.Success || string.IsNullOrEmpty(data.UtrNumber))
        {
            return LenderResultMapping.PollAgain(context, PollInterval);
        }

        context.SetVariable(JourneyVariables.UtrNumber, data.UtrNumber);
        context.SetVariable(JourneyVariables.LoanAccountNumber, data.LoanAccountNumber);
        return ActivityResult.Complete("Disbursed", Output(
            ("referenceID", referenceId),
            ("utrNumber", data.UtrNumber),
            ("loanAccountNumber", data.LoanAccountNumber),
            ("disbursedAmount", data.DisbursedAmount),
            ("disbursedAt", data.DisbursedAt)));
    }
}
