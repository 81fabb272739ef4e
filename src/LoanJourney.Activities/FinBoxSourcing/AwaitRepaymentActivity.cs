using System.Text.Json.Nodes;
using LoanJourney.Activities.Journey;
using LoanJourney.Engine.Activities;
using LoanJourney.Lenders.FinBoxSourcing;

namespace LoanJourney.Activities.FinBoxSourcing;

/// <summary>
/// Follows a recorded repayment until it shows in the repayments: the amount received (the instalment's
/// <c>amountReceived</c>, or EDI <c>amountPaid</c>) has grown by the amount repaid since the baseline read before the repay.
/// FinBox shows a repayment being processed as <c>PENDING</c>; the step polls every <c>pollInterval</c> until
/// <c>timeout</c>, then ends <c>NotSettled</c> (the repayment stays recorded under its referenceID; someone must look).
/// </summary>
[Activity("FinBoxSdk.AwaitRepayment", Description = "Sourcing v1: poll Loan Repayments / EDI repayments until the repayment shows (amount received grew by the amount repaid).",
    IsWait = true, Outcomes = ["Settled", "NotSettled"], Outputs = ["received", "status", "paidDate", "referenceID", "polls"])]
[ActivityInput("loanApplicationID", ActivityValueType.String, Required = true, Description = "The loan.")]
[ActivityInput("product", ActivityValueType.String, Description = "EMI (default) or EDI.")]
[ActivityInput("installmentNum", ActivityValueType.Integer, Description = "The instalment (EMI; default 1).")]
[ActivityInput("amount", ActivityValueType.Any, Required = true, Description = "The amount repaid.")]
[ActivityInput("baseline", ActivityValueType.Any, Required = true, Description = "Amount received before the repay (FinBoxSdk.ReadRepayments' received).")]
[ActivityInput("referenceID", ActivityValueType.String, Description = "FinBox's reference of the repayment (carried to the output for reconciliation).")]
[ActivityInput("pollInterval", ActivityValueType.Duration, Description = "Between reads (default: Engine:PollInterval).")]
[ActivityInput("timeout", ActivityValueType.Duration, Description = "Give up after (default 3 days).")]
public sealed class AwaitRepaymentActivity(IFinBoxSourcingClient sourcing, JourneyOptions options) : Activity
{
    private const string DeadlineKey = "deadline";
    private const string PollsKey = "polls";
    private const string TimeoutTimer = "timeout";

    // Amounts are floats on the wire: a paisa of rounding is not a missing repayment.
    private const decimal Tolerance = 0.01m;

    /// <inheritdoc />
    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.State[DeadlineKey] = context.UtcNow + (context.GetOptionalDuration("timeout") ?? TimeSpan.FromDays(3));
        context.State[PollsKey] = 0;
        return await CheckAsync(context);
    }

    /// <inheritdoc />
    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Stimulus stimulus)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(stimulus);
        return stimulus.Name == TimeoutTimer
            ? ActivityResult.Complete("NotSettled", new JsonObject { ["referenceID"] = context.GetOptionalString("referenceID"), ["polls"] = context.State[PollsKey]?.DeepClone() })
            : await CheckAsync(context);
    }

    private async Task<ActivityResult> CheckAsync(ActivityContext context)
    {
        var product = RepaymentReads.Product(context);
        var installment = context.HasInput("installmentNum") ? RepaymentReads.Installment(context) : 1;
        var amount = RepaymentReads.Amount(context, "amount");
        var baseline = RepaymentReads.Amount(context, "baseline");
        var polls = (context.State[PollsKey]?.GetValue<int>() ?? 0) + 1;
        context.State[PollsKey] = polls;
        var (seen, failure) = await RepaymentReads.ReadAsync(context, sourcing, context.GetRequiredString("loanApplicationID"), product, installment, refusalIsOutcome: false);
        if (failure is not null)
        {
            return failure;
        }

        if (seen!.Received - baseline + Tolerance >= amount)
        {
            var output = (JsonObject)seen.Output.DeepClone();
            output["referenceID"] = context.GetOptionalString("referenceID");
            output["polls"] = polls;
            return ActivityResult.Complete("Settled", output);
        }

        var deadline = context.State[DeadlineKey]!.GetValue<DateTimeOffset>();
        var next = context.UtcNow + (context.GetOptionalDuration("pollInterval") ?? options.PollInterval);
        return ActivityResult.Suspend(next < deadline ? BookmarkRequest.Timer(next, LenderResultMapping.PollTimer) : BookmarkRequest.Timer(deadline, TimeoutTimer));
    }
}
