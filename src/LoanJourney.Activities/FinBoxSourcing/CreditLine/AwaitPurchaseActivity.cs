using System.Text.Json.Nodes;
using LoanJourney.Activities.Journey;
using LoanJourney.Engine.Activities;
using LoanJourney.Lenders.FinBoxSourcing;

namespace LoanJourney.Activities.FinBoxSourcing.CreditLine;

/// <summary>
/// Reads the borrower's credit line (Credit Line Details: <c>INACTIVE</c> ends <c>Inactive</c>, 404 "user with credit line
/// not found" ends <c>NoCreditLine</c>), then polls Credit Line Transactions for the order's <c>partnerTxnID</c> until a
/// <c>PROCESSING</c> purchase shows (the borrower buys in the FinBox SDK). Sets <c>openTxnID</c> and <c>openAmount</c>.
/// </summary>
[Activity("FinBoxSdk.AwaitPurchase", Description = "Sourcing v1 credit line: check the line is ACTIVE, then wait for the order's PROCESSING transaction (by partnerTxnID).",
    IsWait = true, Outcomes = ["Found", "Inactive", "NoCreditLine", "TimedOut"], Outputs = ["txnID", "amount", "availableLimit", "inactiveReason"])]
[ActivityInput("customerId", ActivityValueType.String, Required = true, Description = "customerID.")]
[ActivityInput("partnerTxnID", ActivityValueType.String, Required = true, Description = "The order's transaction id passed to the FinBox SDK.")]
[ActivityInput("pollInterval", ActivityValueType.Duration, Description = "Between reads (default Engine:PollInterval).")]
[ActivityInput("timeout", ActivityValueType.Duration, Description = "Give up after (default 1 day).")]
public sealed class AwaitPurchaseActivity(IFinBoxSourcingClient sourcing, JourneyOptions options) : Activity
{
    /// <summary>The order's open (PROCESSING, not yet shipped) transaction.</summary>
    public const string OpenTxnVariable = "openTxnID";

    /// <summary>Its amount.</summary>
    public const string OpenAmountVariable = "openAmount";

    private const string DeadlineKey = "deadline";
    private const string TimeoutTimer = "timeout";

    /// <inheritdoc />
    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var customerId = context.GetRequiredString("customerId");
        var details = await LenderCalls.CallAsync(context, ct => sourcing.GetCreditLineDetailsAsync(customerId, ct));
        if (details.LenderCode == "HTTP 404")
        {
            return ActivityResult.Complete("NoCreditLine", new JsonObject { ["inactiveReason"] = details.Message });
        }

        if (!details.IsSuccess || details.Body?.Data is not { } line)
        {
            return CreditLineReads.Failure(details);
        }

        if (!string.Equals(line.Status, "ACTIVE", StringComparison.OrdinalIgnoreCase))
        {
            return ActivityResult.Complete("Inactive", new JsonObject { ["availableLimit"] = line.AvailableLimit, ["inactiveReason"] = line.InactiveReason });
        }

        context.State[DeadlineKey] = context.UtcNow + (context.GetOptionalDuration("timeout") ?? TimeSpan.FromDays(1));
        return await CheckAsync(context, line.AvailableLimit);
    }

    /// <inheritdoc />
    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Stimulus stimulus)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(stimulus);
        return stimulus.Name == TimeoutTimer ? ActivityResult.Complete("TimedOut") : await CheckAsync(context, null);
    }

    private async Task<ActivityResult> CheckAsync(ActivityContext context, decimal? availableLimit)
    {
        var (txns, failure) = await CreditLineReads.TransactionsAsync(context, sourcing, context.GetRequiredString("customerId"), context.GetRequiredString("partnerTxnID"));
        if (failure is not null)
        {
            return failure;
        }

        if (txns!.Find(t => t.TxnStatus == CreditLineReads.Processing) is { TxnID: { } txnId } open)
        {
            context.SetVariable(OpenTxnVariable, txnId);
            context.SetVariable(OpenAmountVariable, open.Amount);
            return ActivityResult.Complete("Found", new JsonObject { ["txnID"] = txnId, ["amount"] = open.Amount, ["availableLimit"] = availableLimit });
        }

        var deadline = context.State[DeadlineKey]!.GetValue<DateTimeOffset>();
        var next = context.UtcNow + (context.GetOptionalDuration("pollInterval") ?? options.PollInterval);
        return ActivityResult.Suspend(next < deadline ? BookmarkRequest.Timer(next, LenderResultMapping.PollTimer) : BookmarkRequest.Timer(deadline, TimeoutTimer));
    }
}
