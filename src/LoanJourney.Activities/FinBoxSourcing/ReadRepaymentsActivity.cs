using System.Text.Json.Nodes;
using LoanJourney.Engine.Activities;
using LoanJourney.Lenders.FinBoxSourcing;

namespace LoanJourney.Activities.FinBoxSourcing;

/// <summary>
/// Reads what FinBox has received so far for an instalment (Loan Repayments) or the loan (EDI repayments): the baseline a
/// repayment is later recognised against. FinBox refuses the reads before disbursal (403): <c>Rejected</c>.
/// </summary>
[Activity("FinBoxSdk.ReadRepayments", Description = "Sourcing v1: read the amount received so far (Loan Repayments for an instalment, or EDI repayments).",
    Outcomes = ["Done", "Rejected"], Outputs = ["received", "status", "paidDate", "reason", "lenderCode"])]
[ActivityInput("loanApplicationID", ActivityValueType.String, Required = true, Description = "The disbursed loan.")]
[ActivityInput("product", ActivityValueType.String, Description = "EMI (Loan Repayments, default) or EDI (EDI repayments).")]
[ActivityInput("installmentNum", ActivityValueType.Integer, Description = "The instalment (EMI only; default 1).")]
public sealed class ReadRepaymentsActivity(IFinBoxSourcingClient sourcing) : Activity
{
    /// <inheritdoc />
    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var product = RepaymentReads.Product(context);
        var installment = context.HasInput("installmentNum") ? RepaymentReads.Installment(context) : 1;
        var (seen, failure) = await RepaymentReads.ReadAsync(context, sourcing, context.GetRequiredString("loanApplicationID"), product, installment, refusalIsOutcome: true);
        return failure ?? ActivityResult.Complete("Done", (JsonObject)seen!.Output.DeepClone());
    }
}
