using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LoanJourney.Activities.Journey;
using LoanJourney.Engine.Activities;
using LoanJourney.Lenders.FinBoxSourcing;
using Microsoft.Extensions.Logging;

namespace LoanJourney.Activities.FinBoxSourcing.CreditLine;

/// <summary>
/// Splits the open transaction on a partial shipment: one sub-transaction for the shipped invoice and amount; FinBox
/// creates the rest (no invoiceNo, the left-over amount) itself, as the document says. The answer carries no ids, so the
/// step reads Credit Line Transactions (same <c>partnerTxnID</c>, told apart by <c>invoiceNo</c> and <c>amount</c>, as the
/// document advises) for the shipped part's and the rest's <c>txnID</c>; <c>openTxnID</c>/<c>openAmount</c> become the rest.
/// Once only: a re-run that finds its intent reads first — the original gone and the parts there → split; the original
/// still PROCESSING → sent again; anything else → incident.
/// </summary>
[Activity("FinBoxSdk.SplitTransaction", Description = "Credit line: split the open transaction into the shipped part and the rest (once; reconciled by reading the transactions).",
    IsOnceOnly = true, Outcomes = ["Split"], Outputs = ["shippedTxnID", "restTxnID", "restAmount", "reconciled"])]
[ActivityInput("customerId", ActivityValueType.String, Required = true, Description = "customerID.")]
[ActivityInput("partnerTxnID", ActivityValueType.String, Required = true, Description = "The order's partnerTxnID.")]
[ActivityInput("txnID", ActivityValueType.String, Required = true, Description = "The open transaction to split.")]
[ActivityInput("txnAmount", ActivityValueType.Any, Required = true, Description = "Its amount.")]
[ActivityInput("invoiceNo", ActivityValueType.String, Required = true, Description = "The shipped part's invoice number.")]
[ActivityInput("amount", ActivityValueType.Any, Required = true, Description = "The shipped part's amount (less than txnAmount).")]
public sealed class SplitTransactionActivity(IFinBoxSourcingClient sourcing, ILogger<SplitTransactionActivity> logger) : Activity
{
    private const string IntentKey = "split";

    /// <inheritdoc />
    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var customerId = context.GetRequiredString("customerId");
        var partnerTxnId = context.GetRequiredString("partnerTxnID");
        var txnId = context.GetRequiredString("txnID");
        var invoiceNo = context.GetRequiredString("invoiceNo");
        var total = Amount(context, "txnAmount");
        var amount = Amount(context, "amount");
        if (amount <= 0 || amount >= total)
        {
            throw new ActivityInputException("amount", $"Input 'amount' must be above 0 and below the transaction's {total}.");
        }

        if (context.GetIntent(IntentKey) is not null)
        {
            var (txns, failure) = await CreditLineReads.TransactionsAsync(context, sourcing, customerId, partnerTxnId);
            if (failure is not null)
            {
                return failure;
            }

            var status = txns!.Find(t => t.TxnID == txnId)?.TxnStatus;
            var split = status is null && Parts(txns, invoiceNo, amount, total - amount) is { Shipped: not null, Remainder: not null };
            ActivityLog.Reconciling(logger, context.InstanceId, context.StepId, IntentKey, split ? "found" : status == CreditLineReads.Processing ? "resend" : "stop");
            context.AddJournalEntry("Reconcile", new JsonObject { ["intent"] = IntentKey, ["txnID"] = txnId, ["txnStatus"] = status, ["split"] = split });
            if (split)
            {
                return Done(context, txns, invoiceNo, amount, total - amount, reconciled: true);
            }

            if (status != CreditLineReads.Processing)
            {
                return CreditLineReads.Unexpected("split", txnId, status);
            }
        }

        await context.SaveIntentAsync(IntentKey, new JsonObject { ["txnID"] = txnId, ["invoiceNo"] = invoiceNo, ["amount"] = amount, ["txnAmount"] = total });
        var request = new SplitTransactionRequest { TxnID = txnId, Invoices = [new SplitInvoice { InvoiceNo = invoiceNo, Amount = amount }] };
        var result = await LenderCalls.CallAsync(context, ct => sourcing.SplitTransactionAsync(request, ct));
        if (!result.IsSuccess)
        {
            // A lost answer fails retryable: the retry reads the transactions (its intent is saved) before sending again.
            return LenderResultMapping.Failure(result, retryReconciles: true);
        }

        var (after, readFailure) = await CreditLineReads.TransactionsAsync(context, sourcing, customerId, partnerTxnId);
        return readFailure ?? Done(context, after!, invoiceNo, amount, total - amount, reconciled: false);
    }

    private static (CreditLineTransaction? Shipped, CreditLineTransaction? Remainder) Parts(List<CreditLineTransaction> txns, string invoiceNo, decimal amount, decimal rest) =>
        (txns.Find(t => t.TxnStatus == CreditLineReads.Processing && t.InvoiceNo == invoiceNo && t.Amount == amount),
         txns.Find(t => t.TxnStatus == CreditLineReads.Processing && string.IsNullOrEmpty(t.InvoiceNo) && t.Amount == rest));

    private static ActivityResult Done(ActivityContext context, List<CreditLineTransaction> txns, string invoiceNo, decimal amount, decimal rest, bool reconciled)
    {
        var (shipped, remainder) = Parts(txns, invoiceNo, amount, rest);
        if (shipped?.TxnID is not { } shippedId || remainder?.TxnID is not { } restId)
        {
            return ActivityResult.Fail(LenderResultMapping.LenderError,
                $"FinBox accepted the split but its transactions show no PROCESSING part with invoice {invoiceNo} and amount {amount} and a rest of {rest}.", retryable: false);
        }

        context.SetVariable(AwaitPurchaseActivity.OpenTxnVariable, restId);
        context.SetVariable(AwaitPurchaseActivity.OpenAmountVariable, rest);
        return ActivityResult.Complete("Split", new JsonObject { ["shippedTxnID"] = shippedId, ["restTxnID"] = restId, ["restAmount"] = rest, ["reconciled"] = reconciled });
    }

    private static decimal Amount(ActivityContext context, string name)
    {
        var node = context.GetInput(name) ?? throw new ActivityInputException(name, $"Input '{name}' is required.");
        var text = node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : node.ToJsonString();
        return Amounts.TryParse(text, out var value)
            ? value
            : throw new ActivityInputException(name, $"Input '{name}' must be an amount.");
    }
}
