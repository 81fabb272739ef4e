namespace LoanJourney.Sandbox.FinBoxV1;

/// <summary>
/// Credit line <c>txnStatus</c> values the sandbox reaches. The seed also lists <c>DISBURSED</c>, <c>PAID</c> and <c>OVERDUE</c>,
/// which follow the lender's own disbursal and collection; the sandbox stops at the partner's decision.
/// </summary>
internal static class V1TxnStatuses
{
    public const string Processing = "PROCESSING";
    public const string Confirmed = "CONFIRMED";
    public const string Cancelled = "CANCELLED";
}
