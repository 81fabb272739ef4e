using LoanJourney.Lenders.Common;
using static LoanJourney.Lenders.Common.LenderResultKind;
using Ops = LoanJourney.Lenders.FinBoxSourcing.FinBoxSourcingOperations;

namespace LoanJourney.Lenders.FinBoxSourcing;

/// <summary>Sourcing v1 classification: v1 signals errors by HTTP status (403 and 409 included), per endpoint; codes are <c>HTTP nnn</c>.</summary>
public static class FinBoxSourcingCodes
{
    private const string Any = LenderCodeRule.AnyOperation;

    /// <summary>(operation, <c>HTTP nnn</c>[, message]) → kind; rows with a message come before the catch-all of the same code.</summary>
    public static LenderCodeTable HttpCodes { get; } = new(
    [
        new(Ops.CreateUser.Name, "HTTP 403", TerminalFailure, "Missing customerID / missing or invalid mobile number"),
        new(Ops.CreateUser.Name, "HTTP 409", Success, "User already exists (documented duplicate answer)"),
        new(Ops.GetEligibility.Name, "HTTP 403", TerminalFailure, "Missing customerID"),
        new(Ops.GetEligibility.Name, "HTTP 400", TerminalFailure, "User not found"),
        new(Ops.GetEligibility.Name, "HTTP 409", Processing, "User does not have eligibility data yet (wait for eligibility_calculated)"),
        new(Ops.GenerateToken.Name, "HTTP 403", Rejected, "User not eligible for loan", MessageContains: "not eligible"),
        new(Ops.GenerateToken.Name, "HTTP 403", TerminalFailure, "Missing customerID"),
        new(Ops.GenerateToken.Name, "HTTP 404", TerminalFailure, "User does not exist"),
        new(Ops.GenerateToken.Name, "HTTP 400", Processing, "User eligibility not available yet"),
        new(Ops.PushPartnerData.Name, "HTTP 403", TerminalFailure, "Missing customerID"),
        new(Ops.PushPartnerData.Name, "HTTP 400", TerminalFailure, "Invalid body or field, PAN not matching GSTIN, or journey already started"),
        new(Ops.PushPartnerData.Name, "HTTP 404", TerminalFailure, "User not found"),
        new(Ops.PushPartnerData.Name, "HTTP 409", RetryableFailure, "Something went wrong (internal error)"),
        new(Ops.GetRepayments.Name, "HTTP 403", Rejected, "Loan Repayments works only after loan disbursal (or the id is missing)"),
        new(Ops.GetRepayments.Name, "HTTP 404", Rejected, "Loan application not found"),
        new(Ops.GetEdiRepayments.Name, "HTTP 403", Rejected, "EDI repayments only after loan disbursal (or the id is missing)"),
        new(Ops.GetEdiRepayments.Name, "HTTP 404", Rejected, "Loan application not found"),
        new(Ops.Repay.Name, "HTTP 403", Rejected, "Repay Loan is disabled by default (ask FinBox to enable it), or the loan is not disbursed / the id is missing"),
        new(Ops.Repay.Name, "HTTP 404", Rejected, "Loan application not found"),
        new(Ops.Repay.Name, "HTTP 400", Rejected, "A field is missing or invalid"),
        new(Ops.GetCreditLineDetails.Name, "HTTP 403", TerminalFailure, "Missing customerID"),
        new(Ops.GetCreditLineDetails.Name, "HTTP 404", TerminalFailure, "User with credit line not found"),
        new(Ops.GetCreditLineTransactions.Name, "HTTP 403", TerminalFailure, "Missing customerID"),
        new(Ops.GetCreditLineTransactions.Name, "HTTP 404", TerminalFailure, "User with credit line not found"),
        new(Ops.ConfirmTransaction.Name, "HTTP 403", TerminalFailure, "Missing txnID, or transaction no longer PROCESSING (reconcile)"),
        new(Ops.ConfirmTransaction.Name, "HTTP 400", TerminalFailure, "Missing field, invalid extension, bad base64, file error"),
        new(Ops.ConfirmTransaction.Name, "HTTP 404", TerminalFailure, "txnID not found"),
        new(Ops.CancelTransaction.Name, "HTTP 403", TerminalFailure, "Missing txnID, or transaction no longer PROCESSING (reconcile)"),
        new(Ops.CancelTransaction.Name, "HTTP 404", TerminalFailure, "txnID not found"),
        new(Ops.SplitTransaction.Name, "HTTP 403", TerminalFailure, "Missing txnID, or transaction no longer PROCESSING"),
        new(Ops.SplitTransaction.Name, "HTTP 404", TerminalFailure, "txnID not found"),
        new(Ops.SplitTransaction.Name, "HTTP 400", TerminalFailure, "Amount not positive, or invoices exceed the transaction amount"),
        new(Ops.MergeTransactions.Name, "HTTP 400", TerminalFailure, "Missing txnIDs or fewer than 2"),
        new(Ops.MergeTransactions.Name, "HTTP 404", TerminalFailure, "txnID not found"),
        new(Ops.MergeTransactions.Name, "HTTP 409", TerminalFailure, "Loan details mismatch, or a transaction not PROCESSING"),
        new(Any, "HTTP 200", Success, "status true"),
        new(Any, "HTTP 400", TerminalFailure, "Bad request"),
        new(Any, "HTTP 401", TerminalFailure, "API key refused"),
        new(Any, "HTTP 403", TerminalFailure, "Validation error (v1 answers 403 for missing fields)"),
        new(Any, "HTTP 404", TerminalFailure, "Not found"),
        new(Any, "HTTP 409", TerminalFailure, "Conflict"),
        new(Any, "HTTP 429", RetryableFailure, "Too many requests"),
    ]);
}
