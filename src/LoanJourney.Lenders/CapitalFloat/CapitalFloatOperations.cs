using LoanJourney.Lenders.Common;

namespace LoanJourney.Lenders.CapitalFloat;

/// <summary>Every documented Capital Float pay-later endpoint (all POST). Paths are relative to <c>{{url}}</c>.</summary>
public static class CapitalFloatOperations
{
    private const string L = LenderNames.CapitalFloat;

    public static readonly LenderOperation Block = new(L, "CapitalFloat.Block", "POST", "paylater/block", false,
        "holds money on the borrower's limit and sends an OTP; reconcile with Fetch Block Balance");

    public static readonly LenderOperation VerifyBlockOtp = new(L, "CapitalFloat.VerifyBlockOtp", "POST", "paylater/verify_block", false,
        "consumes a one-time password; a repeat may count as a wrong attempt");

    public static readonly LenderOperation ResendBlockOtp = new(L, "CapitalFloat.ResendBlockOtp", "POST", "paylater/resend_block_otp", false,
        "sends an SMS and email to the borrower; the borrower asks again if needed");

    public static readonly LenderOperation CreateTranche = new(L, "CapitalFloat.CreateTranche", "POST", "paylater/tranche", false,
        "disburses money; reconcile with Fetch Borrower Details / Block Balance before sending again");

    public static readonly LenderOperation CancelBlock = new(L, "CapitalFloat.CancelBlock", "POST", "paylater/cancel", false,
        "releases held money (compensation); reconcile with Fetch Block Balance");

    public static readonly LenderOperation GetBlockBalance = new(L, "CapitalFloat.GetBlockBalance", "POST", "paylater/balance", true, "read (POST by design)");

    public static readonly LenderOperation GetBorrowerDetails = new(L, "CapitalFloat.GetBorrowerDetails", "POST", "paylater/agent_info", true, "read (POST by design)");

    public static readonly LenderOperation GetAvailableLimit = new(L, "CapitalFloat.GetAvailableLimit", "POST", "paylater/profile_available_limit", true, "read (POST by design)");

    /// <summary>All operations, for documentation and tests.</summary>
    public static IReadOnlyList<LenderOperation> All { get; } =
        [Block, VerifyBlockOtp, ResendBlockOtp, CreateTranche, CancelBlock, GetBlockBalance, GetBorrowerDetails, GetAvailableLimit];
}
