using LoanJourney.Activities.Journey;
using LoanJourney.Engine.Activities;
using LoanJourney.Lenders.Common;
using LoanJourney.Lenders.FinBoxSourcing;

namespace LoanJourney.Activities.FinBoxSourcing.CreditLine;

/// <summary>
/// Credit Line Transactions read by the order's <c>partnerTxnID</c>: how the order steps learn FinBox's transaction ids and
/// how a confirm, cancel or split whose answer was lost is reconciled (the document offers this read, so no operator is
/// needed: the transaction's <c>txnStatus</c>, or its disappearance after a split, says whether the call took effect).
/// </summary>
internal static class CreditLineReads
{
    public const string Processing = "PROCESSING";
    public const string Cancelled = "CANCELLED";

    /// <summary>Statuses a confirmed transaction moves through (document: CONFIRMED, DISBURSED, PAID, OVERDUE).</summary>
    public static readonly string[] ConfirmedOrLater = ["CONFIRMED", "DISBURSED", "PAID", "OVERDUE"];

    public static async Task<(List<CreditLineTransaction>? Transactions, ActivityResult? Failure)> TransactionsAsync(
        ActivityContext context, IFinBoxSourcingClient sourcing, string customerId, string partnerTxnId)
    {
        var read = await LenderCalls.CallAsync(context, ct => sourcing.GetCreditLineTransactionsAsync(customerId, partnerTxnId, ct));
        return read.IsSuccess
            ? (read.Body?.Data?.Transactions ?? [], null)
            : (null, LenderResultMapping.Failure(read));
    }

    /// <summary>A failure when a re-run's read finds the transaction in a state the step cannot move on from.</summary>
    public static ActivityResult Unexpected(string what, string txnId, string? status) =>
        ActivityResult.Fail(LenderResultMapping.LenderError, $"{what}: transaction {txnId} is {status ?? "not listed"} at FinBox; nothing was sent.", retryable: false);

    /// <summary>The failure for a v1 answer that is not a success (each documented case is terminal in the codes table).</summary>
    public static ActivityResult Failure<T>(LenderResult<T> result) => LenderResultMapping.Failure(result);
}
