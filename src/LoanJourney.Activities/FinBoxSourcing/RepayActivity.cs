using System.Globalization;
using System.Text.Json.Nodes;
using LoanJourney.Activities.Journey;
using LoanJourney.Engine.Activities;
using LoanJourney.Lenders.FinBoxSourcing;
using Microsoft.Extensions.Logging;

namespace LoanJourney.Activities.FinBoxSourcing;

/// <summary>
/// Repay Loan: marks an instalment's repayment received by the partner. A second send could record the money twice, and
/// neither repayment read carries the <c>referenceID</c> (nor the UTR), so a lost answer cannot be told apart from a
/// payment that arrived another way: the step stops with an outcome-unknown incident (<see cref="MoneyCall"/>) and the
/// operator decides. FinBox's refusal (the API is disabled by default, the loan is not disbursed, a bad field) is
/// <c>Rejected</c>. Sets <c>repaymentReferenceID</c>, the key to reconcile with FinBox.
/// </summary>
[Activity("FinBoxSdk.Repay", Description = "Sourcing v1: Repay Loan (once; a lost answer waits for the operator); returns FinBox's referenceID.", IsOnceOnly = true,
    PointOfNoReturn = ["Recorded"], Outcomes = ["Recorded", "Rejected"], Outputs = ["referenceID", "confirmedByOperator", "reason", "lenderCode"])]
[ActivityInput("loanApplicationID", ActivityValueType.String, Required = true, Description = "The disbursed loan.")]
[ActivityInput("installmentNum", ActivityValueType.Integer, Required = true, Description = "The instalment repaid.")]
[ActivityInput("amountReceived", ActivityValueType.Any, Required = true, Description = "Amount received from the borrower.")]
[ActivityInput("paymentDate", ActivityValueType.String, Required = true, Description = "When it was paid: ISO-8601 date or date-time (sent to FinBox as \"YYYY-MM-DD HH:MM:SS\" in IST: an instant with an offset is converted, a time without one is taken as IST).")]
[ActivityInput("paymentMode", ActivityValueType.String, Required = true, Description = "How it was paid (e.g. upi).")]
[ActivityInput("transactionID", ActivityValueType.String, Required = true, Description = "The payment's UTR.")]
public sealed class RepayActivity(IFinBoxSourcingClient sourcing, JourneyOptions options, ILogger<RepayActivity> logger) : Activity
{
    /// <summary>The variable with FinBox's reference of the repayment.</summary>
    public const string ReferenceVariable = "repaymentReferenceID";

    private const string IntentKey = "repay";
    private const string LenderFormat = "yyyy-MM-dd HH:mm:ss";

    // Asia/Kolkata has had no daylight saving since 1945: a fixed offset, with no dependence on the host's time-zone data.
    private static readonly TimeSpan IndiaStandardTime = new(5, 30, 0);
    private const string Operation = "FinBox Repay Loan";

    /// <inheritdoc />
    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var loanId = context.GetRequiredString("loanApplicationID");
        var installment = RepaymentReads.Installment(context);
        var amount = RepaymentReads.Amount(context, "amountReceived");
        var paymentDate = PaymentDate(context);
        var paymentMode = context.GetRequiredString("paymentMode");
        var utr = context.GetRequiredString("transactionID");
        var plan = MoneyCall.Reconcile(context, logger, IntentKey, Operation);
        switch (plan.Next)
        {
            case MoneyCall.Next.Stop:
                return plan.Incident!;
            case MoneyCall.Next.ConfirmedSent:
                return Recorded(context, plan.Reference, confirmedByOperator: true);
        }

        var what = new JsonObject
        {
            ["loanApplicationID"] = loanId,
            ["installmentNum"] = installment,
            ["amountReceived"] = amount.ToString(CultureInfo.InvariantCulture),
            ["paymentDate"] = paymentDate,
            ["paymentMode"] = paymentMode,
            ["transactionID"] = utr,
        };
        var request = new RepayRequest
        {
            LoanApplicationID = loanId,
            InstallmentNum = installment,
            AmountReceived = amount,
            PaymentDate = paymentDate,
            PaymentMode = paymentMode,
            TransactionID = utr,
        };
        var (result, incident) = await MoneyCall.SendAsync(context, IntentKey, Operation, what, plan, ct => sourcing.RepayAsync(request, ct));
        return incident ?? LenderResultMapping.Map(context, result, options.PollInterval, r => Recorded(context, r.Body?.Data?.ReferenceID, confirmedByOperator: false));
    }

    // Journey inputs are ISO-8601 (yyyy-MM-dd or a date-time); FinBox takes "YYYY-MM-DD HH:MM:SS" with no zone, and its v1
    // API gives its other dates in IST. An instant with an offset (…T20:00:00Z) is converted to IST first (the next day
    // 01:30, not that day 20:00, which dropping the offset sent); a date, or a date-time without an offset, is IST as given.
    private static string PaymentDate(ActivityContext context)
    {
        var text = context.GetRequiredString("paymentDate");
        if (DateTime.TryParseExact(text, LenderFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var lender))
        {
            return lender.ToString(LenderFormat, CultureInfo.InvariantCulture);
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " 00:00:00";
        }

        if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var wallClock))
        {
            throw new ActivityInputException("paymentDate", "Input 'paymentDate' must be an ISO-8601 date or date-time.");
        }

        return wallClock.Kind == DateTimeKind.Unspecified
            ? wallClock.ToString(LenderFormat, CultureInfo.InvariantCulture)
            : DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind).ToOffset(IndiaStandardTime).ToString(LenderFormat, CultureInfo.InvariantCulture);
    }

    private static ActivityResult Recorded(ActivityContext context, string? referenceId, bool confirmedByOperator)
    {
        context.SetVariable(ReferenceVariable, referenceId);
        return ActivityResult.Complete("Recorded", new JsonObject { ["referenceID"] = referenceId, ["confirmedByOperator"] = confirmedByOperator });
    }
}
