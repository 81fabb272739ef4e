using System.Text.Json.Nodes;
using LoanJourney.Activities.Journey;
using LoanJourney.Engine.Activities;
using LoanJourney.Lenders.FinBoxSourcing;
using Microsoft.Extensions.Logging;

namespace LoanJourney.Activities.FinBoxSourcing.CreditLine;

/// <summary>
/// Cancels the order's PROCESSING transaction (the order was cancelled, or never shipped). Once only: a re-run that finds
/// its intent reads Credit Line Transactions — CANCELLED → done; PROCESSING → sent again; anything else → incident.
/// </summary>
[Activity("FinBoxSdk.CancelTransaction", Description = "Credit line: cancel a PROCESSING transaction (once; a lost answer is reconciled by reading the transactions).",
    IsOnceOnly = true, Outcomes = ["Cancelled"], Outputs = ["txnID", "reconciled"])]
[ActivityInput("customerId", ActivityValueType.String, Required = true, Description = "customerID (for the reconciling read).")]
[ActivityInput("partnerTxnID", ActivityValueType.String, Required = true, Description = "The order's partnerTxnID (for the reconciling read).")]
[ActivityInput("txnID", ActivityValueType.String, Required = true, Description = "FinBox's transaction id.")]
public sealed class CancelTransactionActivity(IFinBoxSourcingClient sourcing, ILogger<CancelTransactionActivity> logger) : Activity
{
    private const string IntentKey = "cancel";

    /// <inheritdoc />
    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var txnId = context.GetRequiredString("txnID");
        if (context.GetIntent(IntentKey) is not null)
        {
            var (txns, failure) = await CreditLineReads.TransactionsAsync(context, sourcing, context.GetRequiredString("customerId"), context.GetRequiredString("partnerTxnID"));
            if (failure is not null)
            {
                return failure;
            }

            var status = txns!.Find(t => t.TxnID == txnId)?.TxnStatus;
            ActivityLog.Reconciling(logger, context.InstanceId, context.StepId, IntentKey, status == CreditLineReads.Cancelled ? "found" : status == CreditLineReads.Processing ? "resend" : "stop");
            context.AddJournalEntry("Reconcile", new JsonObject { ["intent"] = IntentKey, ["txnID"] = txnId, ["txnStatus"] = status });
            if (status == CreditLineReads.Cancelled)
            {
                return Cancelled(txnId, reconciled: true);
            }

            if (status != CreditLineReads.Processing)
            {
                return CreditLineReads.Unexpected("cancel", txnId, status);
            }
        }

        await context.SaveIntentAsync(IntentKey, new JsonObject { ["txnID"] = txnId });
        var result = await LenderCalls.CallAsync(context, ct => sourcing.CancelTransactionAsync(new CancelTransactionRequest { TxnID = txnId }, ct));
        // A lost answer fails retryable: the retry reads the transaction (its intent is saved) before sending again.
        return result.IsSuccess ? Cancelled(txnId, reconciled: false) : LenderResultMapping.Failure(result, retryReconciles: true);
    }

    private static ActivityResult Cancelled(string txnId, bool reconciled) =>
        ActivityResult.Complete("Cancelled", new JsonObject { ["txnID"] = txnId, ["reconciled"] = reconciled });
}
