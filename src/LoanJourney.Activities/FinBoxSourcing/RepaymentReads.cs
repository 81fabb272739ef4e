using System.Globalization;
using System.Text.Json.Nodes;
using LoanJourney.Activities.Journey;
using LoanJourney.Engine.Activities;
using LoanJourney.Lenders.Common;
using LoanJourney.Lenders.FinBoxSourcing;

namespace LoanJourney.Activities.FinBoxSourcing;

/// <summary>
/// Reads what FinBox has received for a loan: Loan Repayments (EMI, one instalment's <c>amountReceived</c> and
/// <c>status</c>) or EDI repayments (<c>amountPaid</c>). Neither read carries the Repay Loan <c>referenceID</c>, so a
/// repayment "shows" when the amount received grew by the amount repaid since a read taken before the repay.
/// </summary>
internal static class RepaymentReads
{
    public const string Emi = "EMI";
    public const string Edi = "EDI";

    /// <summary>What one read saw: the amount received so far, the instalment's status (EMI) and its paid date.</summary>
    public sealed record Seen(decimal Received, string? Status, string? PaidDate, JsonObject Output);

    public static string Product(ActivityContext context)
    {
        var product = (context.GetOptionalString("product") ?? Emi).ToUpperInvariant();
        return product is Emi or Edi ? product : throw new ActivityInputException("product", "Input 'product' must be EMI or EDI.");
    }

    public static int Installment(ActivityContext context) =>
        context.GetInput<int?>("installmentNum") is { } n and >= 1 ? n : throw new ActivityInputException("installmentNum", "Input 'installmentNum' must be a positive integer.");

    public static decimal Amount(ActivityContext context, string name)
    {
        var node = context.GetInput(name) ?? throw new ActivityInputException(name, $"Input '{name}' is required.");
        var text = node.GetValueKind() == System.Text.Json.JsonValueKind.String ? node.GetValue<string>() : node.ToJsonString();
        return Amounts.TryParse(text, out var amount) && amount >= 0
            ? amount
            : throw new ActivityInputException(name, $"Input '{name}' must be an amount.");
    }

    /// <summary>Reads the product's repayments; a failure is returned as the engine result to give back.</summary>
    public static async Task<(Seen? Seen, ActivityResult? Failure)> ReadAsync(ActivityContext context, IFinBoxSourcingClient sourcing, string loanId, string product, int installment, bool refusalIsOutcome)
    {
        if (product == Edi)
        {
            var edi = await LenderCalls.CallAsync(context, ct => sourcing.GetEdiRepaymentsAsync(loanId, ct));
            if (!edi.IsSuccess || edi.Body?.Data is not { } data)
            {
                return (null, NotSuccess(edi, refusalIsOutcome));
            }

            var paid = data.AmountPaid ?? 0m;
            return (new Seen(paid, null, data.LastEDIPaidDate, new JsonObject
            {
                ["received"] = paid,
                ["amountUnpaid"] = data.AmountUnpaid,
                ["numPaidEDIs"] = data.NumPaidEDIs,
                ["lastEDIPaidDate"] = data.LastEDIPaidDate,
                ["lastEDIPaidAmount"] = data.LastEDIPaidAmount,
            }), null);
        }

        var emis = await LenderCalls.CallAsync(context, ct => sourcing.GetRepaymentsAsync(loanId, ct));
        if (!emis.IsSuccess || emis.Body?.Data is not { } list)
        {
            return (null, NotSuccess(emis, refusalIsOutcome));
        }

        if (list.EmiList?.Find(e => e.InstallmentNum == installment) is not { } emi)
        {
            return (null, ActivityResult.Fail(LenderResultMapping.LenderError, $"FinBox lists no instalment {installment} for the loan.", retryable: false));
        }

        var received = emi.AmountReceived ?? 0m;
        return (new Seen(received, emi.Status, emi.PaidDate, new JsonObject
        {
            ["received"] = received,
            ["status"] = emi.Status,
            ["paidDate"] = emi.PaidDate,
            ["totalPayable"] = emi.TotalPayable,
            ["loanPaymentID"] = emi.LoanPaymentID,
        }), null);
    }

    // A refusal (before disbursal, unknown loan) is the Rejected outcome where the step declares one, else an incident.
    private static ActivityResult NotSuccess<T>(LenderResult<T> result, bool refusalIsOutcome) =>
        result.Kind == LenderResultKind.Rejected && refusalIsOutcome
            ? LenderResultMapping.RejectedOutcome(result)
            : result.Kind == LenderResultKind.Rejected
                ? ActivityResult.Fail(LenderResultMapping.LenderError, $"{result.LenderCode}: {result.Message}", retryable: false)
                : LenderResultMapping.Failure(result);
}
