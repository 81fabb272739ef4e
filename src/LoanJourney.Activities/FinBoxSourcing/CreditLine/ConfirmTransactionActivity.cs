using System.Text.Json.Nodes;
using LoanJourney.Activities.Journey;
using LoanJourney.Engine.Activities;
using LoanJourney.Lenders.FinBoxSourcing;
using Microsoft.Extensions.Logging;

namespace LoanJourney.Activities.FinBoxSourcing.CreditLine;

/// <summary>
/// Confirms a PROCESSING credit line transaction with the shipment's AWB, invoice and proof of delivery (the confirm moves
/// it towards disbursal: once only). A re-run that finds its intent reads Credit Line Transactions instead of sending
/// blindly: CONFIRMED or later → confirmed; still PROCESSING → the confirm never took effect, sent again; anything else →
/// incident. FinBox's 400 (a missing field, an extension other than jpg/png/pdf, bad base64, a file it cannot process) is
/// the partner's documents refused: <c>Refused</c> with <c>shipmentError</c> set, so the journey asks for the shipment
/// again. 403 / 404 are incidents (the codes table: terminal).
/// </summary>
[Activity("FinBoxSdk.ConfirmTransaction", Description = "Credit line: confirm a PROCESSING transaction with AWB, invoice and proof of delivery (once; a lost answer is reconciled by reading the transactions).",
    IsOnceOnly = true, Outcomes = ["Confirmed", "Refused"], Outputs = ["txnID", "reconciled", "reason"])]
[ActivityInput("customerId", ActivityValueType.String, Required = true, Description = "customerID (for the reconciling read).")]
[ActivityInput("partnerTxnID", ActivityValueType.String, Required = true, Description = "The order's partnerTxnID (for the reconciling read).")]
[ActivityInput("txnID", ActivityValueType.String, Required = true, Description = "FinBox's transaction id.")]
[ActivityInput("shipment", ActivityValueType.Object, Required = true, Description = "awbNo, invoiceNo, podExtension, podBase64, invoiceExtension, invoiceBase64.")]
public sealed class ConfirmTransactionActivity(IFinBoxSourcingClient sourcing, ILogger<ConfirmTransactionActivity> logger) : Activity
{
    /// <summary>The confirmed transactions of the order, in order.</summary>
    public const string ConfirmedVariable = "confirmedTxnIDs";

    private const string IntentKey = "confirm";

    /// <inheritdoc />
    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var txnId = context.GetRequiredString("txnID");
        var shipment = context.GetInput("shipment") as JsonObject ?? throw new ActivityInputException("shipment", "Input 'shipment' must be an object.");
        if (context.GetIntent(IntentKey) is not null)
        {
            var (txns, failure) = await CreditLineReads.TransactionsAsync(context, sourcing, context.GetRequiredString("customerId"), context.GetRequiredString("partnerTxnID"));
            if (failure is not null)
            {
                return failure;
            }

            var status = txns!.Find(t => t.TxnID == txnId)?.TxnStatus;
            var done = status is not null && CreditLineReads.ConfirmedOrLater.Contains(status);
            ActivityLog.Reconciling(logger, context.InstanceId, context.StepId, IntentKey, done ? "found" : status == CreditLineReads.Processing ? "resend" : "stop");
            context.AddJournalEntry("Reconcile", new JsonObject { ["intent"] = IntentKey, ["txnID"] = txnId, ["txnStatus"] = status });
            if (done)
            {
                return Confirmed(context, txnId, reconciled: true);
            }

            if (status != CreditLineReads.Processing)
            {
                return CreditLineReads.Unexpected("confirm", txnId, status);
            }
        }

        await context.SaveIntentAsync(IntentKey, new JsonObject { ["txnID"] = txnId, ["awbNo"] = shipment["awbNo"]?.DeepClone(), ["invoiceNo"] = shipment["invoiceNo"]?.DeepClone() });
        var request = new ConfirmTransactionRequest
        {
            TxnID = txnId,
            AwbNo = shipment["awbNo"]?.ToString(),
            InvoiceNo = shipment["invoiceNo"]?.ToString(),
            PodExtension = shipment["podExtension"]?.ToString(),
            PodBase64 = shipment["podBase64"]?.ToString(),
            InvoiceExtension = shipment["invoiceExtension"]?.ToString(),
            InvoiceBase64 = shipment["invoiceBase64"]?.ToString(),
        };
        var result = await LenderCalls.CallAsync(context, ct => sourcing.ConfirmTransactionAsync(request, ct));
        if (result.IsSuccess)
        {
            return Confirmed(context, txnId, reconciled: false);
        }

        if (result.LenderCode == "HTTP 400")
        {
            var reason = $"FinBox refused the shipment's documents: {result.Message}";
            context.SetVariable(AwaitShipmentActivity.ShipmentErrorVariable, reason);
            return ActivityResult.Complete("Refused", new JsonObject { ["txnID"] = txnId, ["reason"] = reason });
        }

        // A lost answer fails retryable: the retry reads the transaction before anything is sent again.
        return LenderResultMapping.Failure(result, retryReconciles: true);
    }

    private static ActivityResult Confirmed(ActivityContext context, string txnId, bool reconciled)
    {
        var confirmed = context.GetVariable(ConfirmedVariable) as JsonArray ?? [];
        var list = (JsonArray)confirmed.DeepClone();
        list.Add(txnId);
        context.SetVariable(ConfirmedVariable, list);
        return ActivityResult.Complete("Confirmed", new JsonObject { ["txnID"] = txnId, ["reconciled"] = reconciled });
    }
}
