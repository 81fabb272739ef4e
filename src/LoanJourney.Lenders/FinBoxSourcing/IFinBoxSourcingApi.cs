using LoanJourney.Lenders.Common;
using Refit;

namespace LoanJourney.Lenders.FinBoxSourcing;

/// <summary>
/// Sourcing Entity v1 on the wire, one method per documented endpoint (paths as in <see cref="FinBoxSourcingOperations"/>). Answers come
/// back raw: a refusal's envelope (<c>status: false</c>) may carry a <c>data</c> of another shape than the success's, which only
/// <see cref="FinBoxSourcingClassifier"/> and the caller's tolerant reading handle.
/// </summary>
internal interface IFinBoxSourcingApi
{
    [Post("/v1/user/create")]
    Task<HttpResponseMessage> CreateUser([Body] CreateUserRequest request, [Property(LenderRequestOptions.OperationKey)] LenderOperation operation, CancellationToken cancellationToken);

    [Get("/v1/user/eligibility")]
    Task<HttpResponseMessage> GetEligibility(string customerID, [Property(LenderRequestOptions.OperationKey)] LenderOperation operation, CancellationToken cancellationToken);

    [Post("/v1/user/token")]
    Task<HttpResponseMessage> GenerateToken([Body] GenerateTokenRequest request, [Property(LenderRequestOptions.OperationKey)] LenderOperation operation, CancellationToken cancellationToken);

    [Post("/v1/user/push")]
    Task<HttpResponseMessage> PushPartnerData([Body] PartnerPushRequest request, [Property(LenderRequestOptions.OperationKey)] LenderOperation operation, CancellationToken cancellationToken);

    [Get("/v1/users")]
    Task<HttpResponseMessage> ListUsers(int? limit, int? page, string? from, string? to, string? customerID, string? mobile, string? statusText,
        [Property(LenderRequestOptions.OperationKey)] LenderOperation operation, CancellationToken cancellationToken);

    [Get("/v1/user/profile")]
    Task<HttpResponseMessage> GetUserProfile(string customerID, [Property(LenderRequestOptions.OperationKey)] LenderOperation operation, CancellationToken cancellationToken);

    [Get("/v1/loans")]
    Task<HttpResponseMessage> ListLoans(int? limit, int? page, string? from, string? to, string? customerID, string? mobile, string? statusText,
        [Property(LenderRequestOptions.OperationKey)] LenderOperation operation, CancellationToken cancellationToken);

    [Get("/v1/loan/details")]
    Task<HttpResponseMessage> GetLoanDetails(string loanApplicationID, [Property(LenderRequestOptions.OperationKey)] LenderOperation operation, CancellationToken cancellationToken);

    [Get("/v1/loan/offers")]
    Task<HttpResponseMessage> GetLoanOffers(string loanApplicationID, [Property(LenderRequestOptions.OperationKey)] LenderOperation operation, CancellationToken cancellationToken);

    [Get("/v1/loan/agreement")]
    Task<HttpResponseMessage> GetSignedAgreement(string loanApplicationID, [Property(LenderRequestOptions.OperationKey)] LenderOperation operation, CancellationToken cancellationToken);

    [Get("/v1/loan/repayments")]
    Task<HttpResponseMessage> GetRepayments(string loanApplicationID, [Property(LenderRequestOptions.OperationKey)] LenderOperation operation, CancellationToken cancellationToken);

    [Get("/v1/edi/repayments")]
    Task<HttpResponseMessage> GetEdiRepayments(string loanApplicationID, [Property(LenderRequestOptions.OperationKey)] LenderOperation operation, CancellationToken cancellationToken);

    [Post("/v1/loan/repay")]
    Task<HttpResponseMessage> Repay([Body] RepayRequest request, [Property(LenderRequestOptions.OperationKey)] LenderOperation operation, CancellationToken cancellationToken);

    [Get("/v1/creditline/details")]
    Task<HttpResponseMessage> GetCreditLineDetails(string customerID, [Property(LenderRequestOptions.OperationKey)] LenderOperation operation, CancellationToken cancellationToken);

    [Get("/v1/creditline/transactions")]
    Task<HttpResponseMessage> GetCreditLineTransactions(string customerID, string? partnerTxnID, [Property(LenderRequestOptions.OperationKey)] LenderOperation operation, CancellationToken cancellationToken);

    [Post("/v1/creditline/txn/confirm")]
    Task<HttpResponseMessage> ConfirmTransaction([Body] ConfirmTransactionRequest request, [Property(LenderRequestOptions.OperationKey)] LenderOperation operation, CancellationToken cancellationToken);

    [Post("/v1/creditline/txn/cancel")]
    Task<HttpResponseMessage> CancelTransaction([Body] CancelTransactionRequest request, [Property(LenderRequestOptions.OperationKey)] LenderOperation operation, CancellationToken cancellationToken);

    [Post("/v1/creditline/txn/split")]
    Task<HttpResponseMessage> SplitTransaction([Body] SplitTransactionRequest request, [Property(LenderRequestOptions.OperationKey)] LenderOperation operation, CancellationToken cancellationToken);

    [Post("/v1/creditline/txn/merge")]
    Task<HttpResponseMessage> MergeTransactions([Body] MergeTransactionsRequest request, [Property(LenderRequestOptions.OperationKey)] LenderOperation operation, CancellationToken cancellationToken);

    [Get("/v1/user/activity")]
    Task<HttpResponseMessage> GetUserActivity(string customerID, [Property(LenderRequestOptions.OperationKey)] LenderOperation operation, CancellationToken cancellationToken);
}
