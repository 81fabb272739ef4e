namespace LoanJourney.Lenders.FinBoxPrism;

/// <summary><c>data.status</c> values as FinBox spells them (including <c>CONTIONAL_SUCCESS</c>).</summary>
public static class PrismStatuses
{
    public const string Success = "SUCCESS";
    public const string Processing = "PROCESSING";
    public const string Rejected = "REJECTED";
    public const string Failed = "FAILED";
    public const string Approved = "APPROVED";
    public const string ActionPending = "ACTION_PENDING";

    /// <summary>Misspelled by FinBox; kept as documented.</summary>
    public const string ConditionalSuccess = "CONTIONAL_SUCCESS";
    public const string SoftRejected = "SOFT_REJECTED";
}
