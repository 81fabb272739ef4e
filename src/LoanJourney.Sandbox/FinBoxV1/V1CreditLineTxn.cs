using LoanJourney.Sandbox.Scenarios;

namespace LoanJourney.Sandbox.FinBoxV1;

/// <summary>One credit line transaction (a borrower's purchase); guarded by the store's gate.</summary>
internal sealed class V1CreditLineTxn(string customerId, string partnerTxnId, string invoiceNo, decimal amount, string createdAt, V1CreditLineTerms terms)
{
    private static readonly string[] ChargeTypes = ["LATE_CHARGE", "NACH_BOUNCE_CHARGE", "LATE_INTEREST_CHARGE"];

    public string TxnId { get; } = Guid.NewGuid().ToString();

    public string CustomerId { get; } = customerId;

    public string PartnerTxnId { get; } = partnerTxnId;

    public string InvoiceNo { get; set; } = invoiceNo;

    public decimal Amount { get; } = amount;

    public string CreatedAt { get; } = createdAt;

    public V1CreditLineTerms Terms { get; } = terms;

    public string Status { get; set; } = V1TxnStatuses.Processing;

    public string AwbNo { get; set; } = "";

    /// <summary>The single EMI's due date, set on confirmation.</summary>
    public string DueDate { get; set; } = "";

    /// <summary>The documented transaction object; <c>emis</c> is empty while PROCESSING and once CANCELLED.</summary>
    public object Render()
    {
        var subvention = Math.Round(Amount * Terms.SubventionPercent / 100m, 2);
        var gstOnFees = (subvention + Terms.ProcessingFee) * Terms.Gst / 100m;
        var interest = Math.Round(Amount * Terms.Interest / 100m * Terms.EmiDueDays / 365m, 2);
        return new
        {
            txnID = TxnId,
            partnerTxnID = PartnerTxnId,
            invoiceNo = InvoiceNo,
            txnStatus = Status,
            amount = Amount,
            interest = Terms.Interest,
            emiCalculationMethod = Terms.EmiCalculationMethod,
            subventionAmount = subvention,
            processingFee = Terms.ProcessingFee,
            gst = Terms.Gst,
            disbursalAmount = Math.Round(Amount - subvention - Terms.ProcessingFee - gstOnFees, 2),
            createdAt = CreatedAt,
            disbursalUTR = "",
            emis = DueDate.Length == 0 || Status == V1TxnStatuses.Cancelled
                ? []
                : new[]
                {
                    new
                    {
                        amount = Amount + interest,
                        installmentNum = 1,
                        charges = ChargeTypes.Select(c => new { chargeType = c, charge = 0m }).ToList(),
                        status = "UNPAID",
                        dueDate = DueDate,
                        paidDate = "",
                        totalPayable = Amount + interest,
                    },
                },
        };
    }
}
