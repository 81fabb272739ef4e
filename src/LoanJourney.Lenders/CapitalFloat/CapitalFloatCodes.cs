using LoanJourney.Lenders.Common;
using static LoanJourney.Lenders.Common.LenderResultKind;
using Ops = LoanJourney.Lenders.CapitalFloat.CapitalFloatOperations;

namespace LoanJourney.Lenders.CapitalFloat;

/// <summary>
/// Capital Float classification: <c>status</c> 1 is success; negative codes mean different things per endpoint (-300 is
/// "amount negative" on block but "app not found" elsewhere), so rows are per operation, then the common codes -1 … -25.
/// </summary>
public static class CapitalFloatCodes
{
    private const string Any = LenderCodeRule.AnyOperation;

    /// <summary>
    /// "No partner found for current user", on every endpoint: the current user is the caller our <c>Authorization</c> token names,
    /// so the token is wrong (<c>Lenders:CapitalFloat:Authorization</c>; a <c>LenderApiMisconfigured</c> incident), not the borrower.
    /// </summary>
    public const string NoPartnerForCurrentUser = "-200";

    /// <summary>(operation, status) → kind.</summary>
    public static LenderCodeTable Statuses { get; } = new(
    [
        new(Ops.Block.Name, "1", Success, "Blocked: use order_id to create the tranche"),
        new(Ops.Block.Name, "-100", TerminalFailure, "Payload is missing amount or app_id or order_id"),
        new(Ops.Block.Name, "-200", TerminalFailure, "No partner found for current user"),
        new(Ops.Block.Name, "-300", TerminalFailure, "Amount cannot be negative"),
        new(Ops.Block.Name, "-400", TerminalFailure, "App not found"),
        new(Ops.Block.Name, "-500", TerminalFailure, "Not authorized to view this app"),
        new(Ops.Block.Name, "-600", TerminalFailure, "Borrower not found"),
        new(Ops.Block.Name, "-700", TerminalFailure, "Vendor not found"),
        new(Ops.Block.Name, "-800", TerminalFailure, "Sanction not found"),
        new(Ops.Block.Name, "-900", Rejected, "Tranche creation has been suspended for the borrower"),
        new(Ops.Block.Name, "-1000", TerminalFailure, "The request could not be processed: consult Capital Float"),
        new(Ops.Block.Name, "-13", Success, "duplicate blocked order: the order is already blocked (documented duplicate answer; reconcile with the balance)"),
        new(Ops.VerifyBlockOtp.Name, "1", Success, "Success"),
        new(Ops.VerifyBlockOtp.Name, "-100", TerminalFailure, "Payload is missing amount or app_id or order_id"),
        new(Ops.VerifyBlockOtp.Name, "-200", TerminalFailure, "No partner found for current user"),
        new(Ops.VerifyBlockOtp.Name, "-300", TerminalFailure, "App not found"),
        new(Ops.VerifyBlockOtp.Name, "-400", TerminalFailure, "Not authorized to view this app"),
        new(Ops.VerifyBlockOtp.Name, "-500", TerminalFailure, "Sanction not found for the app"),
        new(Ops.ResendBlockOtp.Name, "1", Success, "OTP sent successfully"),
        new(Ops.ResendBlockOtp.Name, "-100", TerminalFailure, "Payload is missing app_id or order_id"),
        new(Ops.ResendBlockOtp.Name, "-200", TerminalFailure, "No partner found for current user"),
        new(Ops.ResendBlockOtp.Name, "-300", TerminalFailure, "App not found"),
        new(Ops.ResendBlockOtp.Name, "-400", TerminalFailure, "Not authorized to view this app"),
        new(Ops.ResendBlockOtp.Name, "-500", TerminalFailure, "Borrower not found"),
        new(Ops.ResendBlockOtp.Name, "-600", TerminalFailure, "Sanction not found"),
        new(Ops.CreateTranche.Name, "1", Success, "Tranche created: keep tranche_id"),
        new(Ops.CreateTranche.Name, "-100", TerminalFailure, "Payload is missing amount or app_id or order_id"),
        new(Ops.CreateTranche.Name, "-200", TerminalFailure, "No partner found for current user"),
        new(Ops.CreateTranche.Name, "-300", TerminalFailure, "App not found"),
        new(Ops.CreateTranche.Name, "-400", TerminalFailure, "Not authorized to view this app"),
        new(Ops.CreateTranche.Name, "-500", TerminalFailure, "Borrower not found"),
        new(Ops.CreateTranche.Name, "-600", TerminalFailure, "Vendor not found"),
        new(Ops.CreateTranche.Name, "-700", TerminalFailure, "Sanction not found"),
        new(Ops.CreateTranche.Name, "-900", TerminalFailure, "The request could not be processed: consult Capital Float"),
        new(Ops.CreateTranche.Name, "-1000", TerminalFailure, "Bank not found"),
        new(Ops.CreateTranche.Name, "-1100", TerminalFailure, "Vendor bank details not found"),
        new(Ops.CreateTranche.Name, "-1200", TerminalFailure, "The request could not be processed: consult Capital Float"),
        new(Ops.CreateTranche.Name, "-1300", TerminalFailure, "The request could not be processed: consult Capital Float"),
        new(Ops.CancelBlock.Name, "1", Success, "Block removed"),
        new(Ops.CancelBlock.Name, "-100", TerminalFailure, "Payload is missing amount or app_id or order_id"),
        new(Ops.CancelBlock.Name, "-200", TerminalFailure, "No partner found for current user"),
        new(Ops.CancelBlock.Name, "-300", TerminalFailure, "App not found"),
        new(Ops.CancelBlock.Name, "-400", TerminalFailure, "Not authorized to view this app"),
        new(Ops.CancelBlock.Name, "-500", TerminalFailure, "Sanction not found"),
        new(Ops.CancelBlock.Name, "-600", TerminalFailure, "Borrower not found"),
        new(Ops.CancelBlock.Name, "-700", TerminalFailure, "Vendor not found"),
        new(Ops.CancelBlock.Name, "-800", TerminalFailure, "Vendor config not found"),
        new(Ops.CancelBlock.Name, "-900", TerminalFailure, "The request could not be processed: consult Capital Float"),
        new(Ops.CancelBlock.Name, "-25", TerminalFailure, "amount not unblocked",
            Hint: "Capital Float usually refuses a release when a tranche was drawn against the block (the money is out): check " +
                "with Capital Float whether this order has a tranche before skipping the release; skipped, the block stays recorded as not compensated"),
        new(Ops.GetBlockBalance.Name, "1", Success, "Balance"),
        new(Ops.GetBlockBalance.Name, "-100", TerminalFailure, "Payload is missing app_id or order_id"),
        new(Ops.GetBlockBalance.Name, "-200", TerminalFailure, "No partner found for current user"),
        new(Ops.GetBlockBalance.Name, "-300", TerminalFailure, "App not found"),
        new(Ops.GetBlockBalance.Name, "-400", TerminalFailure, "Not authorized to view this app"),
        new(Ops.GetBlockBalance.Name, "-500", TerminalFailure, "Sanction not found"),
        new(Ops.GetBlockBalance.Name, "-600", TerminalFailure, "Vendor not found"),
        new(Ops.GetBlockBalance.Name, "-700", TerminalFailure, "The request could not be processed: consult Capital Float"),
        new(Ops.GetBorrowerDetails.Name, "1", Success, "Borrower details"),
        new(Ops.GetAvailableLimit.Name, "1", Success, "Available limit"),
        new(Ops.GetAvailableLimit.Name, "-100", TerminalFailure, "Payload is missing app_id"),
        new(Ops.GetAvailableLimit.Name, "-200", TerminalFailure, "No partner found for current user"),
        new(Ops.GetAvailableLimit.Name, "-300", TerminalFailure, "App not found"),
        new(Ops.GetAvailableLimit.Name, "-400", TerminalFailure, "Not authorized to view this app"),
        new(Ops.GetAvailableLimit.Name, "-500", TerminalFailure, "Sanction not found"),
        new(Ops.GetAvailableLimit.Name, "-600", TerminalFailure, "Vendor not found"),
        new(Ops.GetAvailableLimit.Name, "-700", TerminalFailure, "The request could not be processed: consult Capital Float"),
        new(Any, "-1", TerminalFailure, "sanction doesn't exist"),
        new(Any, "-2", TerminalFailure, "invalid loan type"),
        new(Any, "-3", Rejected, "sanction credit limit is exceeding"),
        new(Any, "-4", TerminalFailure, "sanction credit limit is empty"),
        new(Any, "-5", TerminalFailure, "number format exception"),
        new(Any, "-6", TerminalFailure, "tranche amount is not integer"),
        new(Any, "-7", TerminalFailure, "tranche limit is null"),
        new(Any, "-8", TerminalFailure, "lms limit is empty"),
        new(Any, "-9", Rejected, "tranche amount exceeding lms limit"),
        new(Any, "-10", RetryableFailure, "unable to create tranche"),
        new(Any, "-11", TerminalFailure, "bad json"),
        new(Any, "-12", TerminalFailure, "blocked order not found"),
        new(Any, "-13", TerminalFailure, "duplicate blocked order"),
        new(Any, "-14", TerminalFailure, "tranche not found"),
        new(Any, "-15", TerminalFailure, "tranche not open to all"),
        new(Any, "-16", TerminalFailure, "investor already exists"),
        new(Any, "-17", TerminalFailure, "investor not found"),
        new(Any, "-18", TerminalFailure, "investor amount roi invalid"),
        new(Any, "-19", TerminalFailure, "investor portal not found"),
        new(Any, "-20", TerminalFailure, "scheduled disbursal not set"),
        new(Any, "-21", TerminalFailure, "disbursal schedule date not set"),
        new(Any, "-22", TerminalFailure, "disbursal schedule date is in past"),
        new(Any, "-23", Rejected, "otp not verified: the borrower must enter the right OTP"),
        new(Any, "-24", TerminalFailure, "amount not blocked"),
        new(Any, "-25", TerminalFailure, "amount not unblocked"),
    ]);
}
