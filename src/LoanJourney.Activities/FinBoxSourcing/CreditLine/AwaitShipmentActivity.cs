using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LoanJourney.Engine.Activities;

namespace LoanJourney.Activities.FinBoxSourcing.CreditLine;

/// <summary>
/// Waits for the partner's word on the order's open transaction: the <c>shipment</c> signal (<c>awbNo</c>, <c>invoiceNo</c>,
/// <c>podExtension</c>/<c>podBase64</c>, <c>invoiceExtension</c>/<c>invoiceBase64</c>, optional <c>amount</c> shipped) or the
/// <c>cancel</c> signal. A shipment of less than the open amount is <c>PartlyShipped</c> (the journey splits the
/// transaction, confirms the shipped part and waits again for the rest). A shipment missing a field the confirm needs is
/// refused when sent (a 400 naming the field: the declared signal fields); one whose amount is above the open amount is
/// refused here (journaled, <c>shipmentError</c> set) and the step keeps waiting. <c>timeout</c> ends <c>TimedOut</c>.
/// </summary>
[Activity(TypeName, Description = "Credit line order: wait for the partner's shipment (AWB, invoice, proof of delivery; an amount below the open one is a partial shipment) or cancel signal.",
    IsWait = true, Outcomes = ["Shipped", "PartlyShipped", "Cancelled", "TimedOut"], Outputs = ["shipment", "amount", "reason"])]
[ActivityInput("txnID", ActivityValueType.String, Required = true, Description = "The open transaction.")]
[ActivityInput("amount", ActivityValueType.Any, Required = true, Description = "Its amount.")]
[ActivityInput("timeout", ActivityValueType.Duration, Description = "How long the order may stay unshipped (default 30 days).")]
[ActivitySignalField(ShipmentSignal, "awbNo", ActivityValueType.String, Required = true, Description = "The air waybill number.")]
[ActivitySignalField(ShipmentSignal, "invoiceNo", ActivityValueType.String, Required = true, Description = "The invoice number.")]
[ActivitySignalField(ShipmentSignal, "podExtension", ActivityValueType.String, Required = true, Description = "The proof of delivery's file type (pdf, jpg, png).")]
[ActivitySignalField(ShipmentSignal, "podBase64", ActivityValueType.String, Required = true, Description = "The proof of delivery, base64.")]
[ActivitySignalField(ShipmentSignal, "invoiceExtension", ActivityValueType.String, Required = true, Description = "The invoice's file type.")]
[ActivitySignalField(ShipmentSignal, "invoiceBase64", ActivityValueType.String, Required = true, Description = "The invoice, base64.")]
[ActivitySignalField(ShipmentSignal, "amount", ActivityValueType.Number, Description = "The amount shipped (default: the open amount).")]
public sealed class AwaitShipmentActivity : Activity
{
    /// <summary>The activity's type name.</summary>
    public const string TypeName = "FinBoxSdk.AwaitShipment";

    /// <summary>The partner's shipment signal.</summary>
    public const string ShipmentSignal = "shipment";

    /// <summary>The partner's cancel signal (the order was cancelled).</summary>
    public const string CancelSignal = "cancel";

    /// <summary>The journal entry (with its <c>reason</c>) of a shipment refused here.</summary>
    public const string ShipmentRefusedEntry = "ShipmentRefused";

    /// <summary>Why the last shipment was not accepted (null when none).</summary>
    public const string ShipmentErrorVariable = "shipmentError";

    private static readonly string[] Required = ["awbNo", "invoiceNo", "podExtension", "podBase64", "invoiceExtension", "invoiceBase64"];

    private const string DeadlineKey = "deadline";
    private const string TimeoutTimer = "timeout";

    /// <inheritdoc />
    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.State[DeadlineKey] = context.UtcNow + (context.GetOptionalDuration("timeout") ?? TimeSpan.FromDays(30));
        return ValueTask.FromResult(Wait(context));
    }

    /// <inheritdoc />
    public override ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Stimulus stimulus)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(stimulus);
        return ValueTask.FromResult(stimulus switch
        {
            { Kind: BookmarkKind.Timer } => ActivityResult.Complete("TimedOut", new JsonObject { ["reason"] = "the order was not shipped in time" }),
            { Key: CancelSignal } => ActivityResult.Complete("Cancelled", new JsonObject { ["reason"] = (stimulus.Payload as JsonObject)?["reason"]?.ToString() ?? "the order was cancelled" }),
            _ => Shipment(context, stimulus.Payload as JsonObject),
        });
    }

    private static ActivityResult Shipment(ActivityContext context, JsonObject? payload)
    {
        var missing = Required.FirstOrDefault(f => payload?[f] is not JsonValue v || v.GetValueKind() != JsonValueKind.String || string.IsNullOrWhiteSpace(v.GetValue<string>()));
        var open = Amount(context.GetInput("amount")) ?? 0m;
        var shipped = Amount(payload?["amount"]);
        var error = missing is not null ? $"the shipment lacks {missing}"
            : shipped is <= 0 ? "the shipped amount must be positive"
            : shipped > open ? $"the shipped amount {shipped} is above the open amount {open}"
            : null;
        if (error is not null)
        {
            context.SetVariable(ShipmentErrorVariable, error);
            context.AddJournalEntry(ShipmentRefusedEntry, new JsonObject { ["reason"] = error });
            return Wait(context);
        }

        context.SetVariable(ShipmentErrorVariable, null);
        var shipment = new JsonObject();
        foreach (var field in Required)
        {
            shipment[field] = payload![field]!.DeepClone();
        }

        var amount = shipped ?? open;
        return ActivityResult.Complete(amount < open ? "PartlyShipped" : "Shipped", new JsonObject { ["shipment"] = shipment, ["amount"] = amount });
    }

    private static decimal? Amount(JsonNode? node) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.GetValue<decimal>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.String && Amounts.TryParse(v.GetValue<string>(), out var d) => d,
        _ => null,
    };

    private static ActivityResult Wait(ActivityContext context) => ActivityResult.Suspend(
        BookmarkRequest.Signal(ShipmentSignal),
        BookmarkRequest.Signal(CancelSignal),
        BookmarkRequest.Timer(context.State[DeadlineKey]!.GetValue<DateTimeOffset>(), TimeoutTimer));
}
