namespace LoanJourney.Sandbox.FinBoxV1;

/// <summary>
/// A repayment marked with Repay Loan: PENDING in the repayment reads until <see cref="ReadsLeft"/> reads have seen it,
/// then settled (counted in <c>amountReceived</c> / <c>amountPaid</c>); guarded by the store's gate.
/// </summary>
internal sealed class V1Payment(string referenceId, int installmentNum, decimal amount, string paymentDate, string paymentMode, string transactionId, int readsLeft)
{
    public string ReferenceId { get; } = referenceId;

    public int InstallmentNum { get; } = installmentNum;

    public decimal Amount { get; } = amount;

    public string PaymentDate { get; } = paymentDate;

    public string PaymentMode { get; } = paymentMode;

    /// <summary>The partner's UTR: a second repay with the same one is the same payment.</summary>
    public string TransactionId { get; } = transactionId;

    public int ReadsLeft { get; set; } = readsLeft;

    public bool Settled => ReadsLeft <= 0;
}
