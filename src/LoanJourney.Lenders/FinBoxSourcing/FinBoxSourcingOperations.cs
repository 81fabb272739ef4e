using LoanJourney.Lenders.Common;

namespace LoanJourney.Lenders.FinBoxSourcing;

/// <summary>Every documented Sourcing Entity v1 endpoint. Paths are relative to <c>base_url</c>.</summary>
public static class FinBoxSourcingOperations
{
    private const string L = LenderNames.FinBoxSourcing;

    public static readonly LenderOperation CreateUser = new(L, "FinBoxSourcing.CreateUser", "POST", "v1/user/create", true,
        "HTTP 409 user already exists is a documented duplicate answer");

    public static readonly LenderOperation GetEligibility = new(L, "FinBoxSourcing.GetEligibility", "GET", "v1/user/eligibility", true, "read");

    public static readonly LenderOperation GenerateToken = new(L, "FinBoxSourcing.GenerateToken", "POST", "v1/user/token", true,
        "documented as callable many times; each call issues a fresh 24 h token");

    public static readonly LenderOperation PushPartnerData = new(L, "FinBoxSourcing.PushPartnerData", "POST", "v1/user/push", false,
        "documented as one time; a late repeat is refused once the journey started");

    public static readonly LenderOperation ListUsers = new(L, "FinBoxSourcing.ListUsers", "GET", "v1/users", true, "read");

    public static readonly LenderOperation GetUserProfile = new(L, "FinBoxSourcing.GetUserProfile", "GET", "v1/user/profile", true, "read");

    public static readonly LenderOperation ListLoans = new(L, "FinBoxSourcing.ListLoans", "GET", "v1/loans", true, "read");

    public static readonly LenderOperation GetLoanDetails = new(L, "FinBoxSourcing.GetLoanDetails", "GET", "v1/loan/details", true, "read");

    public static readonly LenderOperation GetLoanOffers = new(L, "FinBoxSourcing.GetLoanOffers", "GET", "v1/loan/offers", true, "read");

    public static readonly LenderOperation GetSignedAgreement = new(L, "FinBoxSourcing.GetSignedAgreement", "GET", "v1/loan/agreement", true, "read");

    public static readonly LenderOperation GetRepayments = new(L, "FinBoxSourcing.GetRepayments", "GET", "v1/loan/repayments", true, "read");

    public static readonly LenderOperation GetEdiRepayments = new(L, "FinBoxSourcing.GetEdiRepayments", "GET", "v1/edi/repayments", true, "read");

    public static readonly LenderOperation Repay = new(L, "FinBoxSourcing.Repay", "POST", "v1/loan/repay", false,
        "records money received; a repeat could record it twice");

    public static readonly LenderOperation GetCreditLineDetails = new(L, "FinBoxSourcing.GetCreditLineDetails", "GET", "v1/creditline/details", true, "read");

    public static readonly LenderOperation GetCreditLineTransactions = new(L, "FinBoxSourcing.GetCreditLineTransactions", "GET", "v1/creditline/transactions", true, "read");

    public static readonly LenderOperation ConfirmTransaction = new(L, "FinBoxSourcing.ConfirmTransaction", "POST", "v1/creditline/txn/confirm", false,
        "moves a transaction towards disbursal; reconcile with Credit Line Transactions");

    public static readonly LenderOperation CancelTransaction = new(L, "FinBoxSourcing.CancelTransaction", "POST", "v1/creditline/txn/cancel", false,
        "changes a transaction's state; a repeat answers 403 once it is no longer PROCESSING");

    public static readonly LenderOperation SplitTransaction = new(L, "FinBoxSourcing.SplitTransaction", "POST", "v1/creditline/txn/split", false,
        "creates sub-transactions; a repeat would split them again");

    public static readonly LenderOperation MergeTransactions = new(L, "FinBoxSourcing.MergeTransactions", "POST", "v1/creditline/txn/merge", false,
        "creates a merged transaction");

    public static readonly LenderOperation GetUserActivity = new(L, "FinBoxSourcing.GetUserActivity", "GET", "v1/user/activity", true, "read");

    /// <summary>All operations, for documentation and tests.</summary>
    public static IReadOnlyList<LenderOperation> All { get; } =
    [
        CreateUser, GetEligibility, GenerateToken, PushPartnerData, ListUsers, GetUserProfile, ListLoans, GetLoanDetails, GetLoanOffers,
        GetSignedAgreement, GetRepayments, GetEdiRepayments, Repay, GetCreditLineDetails, GetCreditLineTransactions, ConfirmTransaction,
        CancelTransaction, SplitTransaction, MergeTransactions, GetUserActivity,
    ];
}
