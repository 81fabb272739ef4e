namespace LoanJourney.Activities.CapitalFloat;

/// <summary>Capital Float status codes the activities reconcile with.</summary>
internal static class PayLaterCodes
{
    /// <summary>-12 "blocked order not found": Capital Float does not know the order (a lost block never arrived).</summary>
    public const string BlockedOrderNotFound = "-12";

    /// <summary>-13 "duplicate blocked order": the order is already blocked.</summary>
    public const string DuplicateBlockedOrder = "-13";

    /// <summary>-23 "otp not verified".</summary>
    public const string OtpNotVerified = "-23";
}
