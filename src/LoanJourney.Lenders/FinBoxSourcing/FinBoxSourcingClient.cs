using System.Globalization;
using System.Text.Json;
using LoanJourney.Lenders.Common;
using Microsoft.Extensions.Logging;
using Ops = LoanJourney.Lenders.FinBoxSourcing.FinBoxSourcingOperations;

namespace LoanJourney.Lenders.FinBoxSourcing;

/// <summary>The typed Sourcing v1 client. Thin: resilience, auth headers and recording are added at registration.</summary>
internal sealed class FinBoxSourcingClient(IFinBoxSourcingApi api, ILogger<FinBoxSourcingClient> logger) : IFinBoxSourcingClient
{
    private readonly LenderCaller _caller = new(logger, LenderNames.FinBoxSourcing, FinBoxSourcingClassifier.Instance);

    /// <inheritdoc />
    public Task<LenderResult<SourcingResponse<MessageData>>> CreateUserAsync(CreateUserRequest request, CancellationToken cancellationToken = default) =>
        _caller.CallAsync<SourcingResponse<MessageData>>(Ops.CreateUser, (op, ct) => api.CreateUser(request, op, ct), cancellationToken);

    /// <inheritdoc />
    public Task<LenderResult<SourcingResponse<EligibilityData>>> GetEligibilityAsync(string customerID, CancellationToken cancellationToken = default) =>
        _caller.CallAsync<SourcingResponse<EligibilityData>>(Ops.GetEligibility, (op, ct) => api.GetEligibility(customerID, op, ct), cancellationToken);

    /// <inheritdoc />
    public Task<LenderResult<SourcingResponse<TokenData>>> GenerateTokenAsync(GenerateTokenRequest request, CancellationToken cancellationToken = default) =>
        _caller.CallAsync<SourcingResponse<TokenData>>(Ops.GenerateToken, (op, ct) => api.GenerateToken(request, op, ct), cancellationToken);

    /// <inheritdoc />
    public Task<LenderResult<SourcingResponse<MessageData>>> PushPartnerDataAsync(PartnerPushRequest request, CancellationToken cancellationToken = default) =>
        _caller.CallAsync<SourcingResponse<MessageData>>(Ops.PushPartnerData, (op, ct) => api.PushPartnerData(request, op, ct), cancellationToken);

    /// <inheritdoc />
    public Task<LenderResult<SourcingResponse<UserListData>>> ListUsersAsync(SourcingListQuery? query = null, CancellationToken cancellationToken = default) =>
        _caller.CallAsync<SourcingResponse<UserListData>>(Ops.ListUsers,
            (op, ct) => api.ListUsers(query?.Limit, query?.Page, Date(query?.From), Date(query?.To), query?.CustomerID, query?.Mobile, query?.StatusText, op, ct),
            cancellationToken);

    /// <inheritdoc />
    public Task<LenderResult<SourcingResponse<UserProfileData>>> GetUserProfileAsync(string customerID, CancellationToken cancellationToken = default) =>
        _caller.CallAsync<SourcingResponse<UserProfileData>>(Ops.GetUserProfile, (op, ct) => api.GetUserProfile(customerID, op, ct), cancellationToken);

    /// <inheritdoc />
    public Task<LenderResult<SourcingResponse<LoanListData>>> ListLoansAsync(SourcingListQuery? query = null, CancellationToken cancellationToken = default) =>
        _caller.CallAsync<SourcingResponse<LoanListData>>(Ops.ListLoans,
            (op, ct) => api.ListLoans(query?.Limit, query?.Page, Date(query?.From), Date(query?.To), query?.CustomerID, query?.Mobile, query?.StatusText, op, ct),
            cancellationToken);

    /// <inheritdoc />
    public Task<LenderResult<SourcingResponse<LoanDetailsData>>> GetLoanDetailsAsync(string loanApplicationID, CancellationToken cancellationToken = default) =>
        _caller.CallAsync<SourcingResponse<LoanDetailsData>>(Ops.GetLoanDetails, (op, ct) => api.GetLoanDetails(loanApplicationID, op, ct), cancellationToken);

    /// <inheritdoc />
    public Task<LenderResult<SourcingResponse<List<LoanOffer>>>> GetLoanOffersAsync(string loanApplicationID, CancellationToken cancellationToken = default) =>
        _caller.CallAsync<SourcingResponse<List<LoanOffer>>>(Ops.GetLoanOffers, (op, ct) => api.GetLoanOffers(loanApplicationID, op, ct), cancellationToken);

    /// <inheritdoc />
    public Task<LenderResult<SourcingResponse<SignedAgreementData>>> GetSignedAgreementAsync(string loanApplicationID, CancellationToken cancellationToken = default) =>
        _caller.CallAsync<SourcingResponse<SignedAgreementData>>(Ops.GetSignedAgreement, (op, ct) => api.GetSignedAgreement(loanApplicationID, op, ct), cancellationToken);

    /// <inheritdoc />
    public Task<LenderResult<SourcingResponse<RepaymentsData>>> GetRepaymentsAsync(string loanApplicationID, CancellationToken cancellationToken = default) =>
        _caller.CallAsync<SourcingResponse<RepaymentsData>>(Ops.GetRepayments, (op, ct) => api.GetRepayments(loanApplicationID, op, ct), cancellationToken);

    /// <inheritdoc />
    public Task<LenderResult<SourcingResponse<EdiRepaymentsData>>> GetEdiRepaymentsAsync(string loanApplicationID, CancellationToken cancellationToken = default) =>
        _caller.CallAsync<SourcingResponse<EdiRepaymentsData>>(Ops.GetEdiRepayments, (op, ct) => api.GetEdiRepayments(loanApplicationID, op, ct), cancellationToken);

    /// <inheritdoc />
    public Task<LenderResult<SourcingResponse<RepayData>>> RepayAsync(RepayRequest request, CancellationToken cancellationToken = default) =>
        _caller.CallAsync<SourcingResponse<RepayData>>(Ops.Repay, (op, ct) => api.Repay(request, op, ct), cancellationToken);

    /// <inheritdoc />
    public Task<LenderResult<SourcingResponse<CreditLineDetailsData>>> GetCreditLineDetailsAsync(string customerID, CancellationToken cancellationToken = default) =>
        _caller.CallAsync<SourcingResponse<CreditLineDetailsData>>(Ops.GetCreditLineDetails, (op, ct) => api.GetCreditLineDetails(customerID, op, ct), cancellationToken);

    /// <inheritdoc />
    public Task<LenderResult<SourcingResponse<CreditLineTransactionsData>>> GetCreditLineTransactionsAsync(string customerID, string? partnerTxnID = null, CancellationToken cancellationToken = default) =>
        _caller.CallAsync<SourcingResponse<CreditLineTransactionsData>>(Ops.GetCreditLineTransactions, (op, ct) => api.GetCreditLineTransactions(customerID, partnerTxnID, op, ct), cancellationToken);

    /// <inheritdoc />
    public Task<LenderResult<SourcingResponse<JsonElement>>> ConfirmTransactionAsync(ConfirmTransactionRequest request, CancellationToken cancellationToken = default) =>
        _caller.CallAsync<SourcingResponse<JsonElement>>(Ops.ConfirmTransaction, (op, ct) => api.ConfirmTransaction(request, op, ct), cancellationToken);

    /// <inheritdoc />
    public Task<LenderResult<SourcingResponse<JsonElement>>> CancelTransactionAsync(CancelTransactionRequest request, CancellationToken cancellationToken = default) =>
        _caller.CallAsync<SourcingResponse<JsonElement>>(Ops.CancelTransaction, (op, ct) => api.CancelTransaction(request, op, ct), cancellationToken);

    /// <inheritdoc />
    public Task<LenderResult<SourcingResponse<JsonElement>>> SplitTransactionAsync(SplitTransactionRequest request, CancellationToken cancellationToken = default) =>
        _caller.CallAsync<SourcingResponse<JsonElement>>(Ops.SplitTransaction, (op, ct) => api.SplitTransaction(request, op, ct), cancellationToken);

    /// <inheritdoc />
    public Task<LenderResult<SourcingResponse<MergeTransactionsData>>> MergeTransactionsAsync(MergeTransactionsRequest request, CancellationToken cancellationToken = default) =>
        _caller.CallAsync<SourcingResponse<MergeTransactionsData>>(Ops.MergeTransactions, (op, ct) => api.MergeTransactions(request, op, ct), cancellationToken);

    /// <inheritdoc />
    public Task<LenderResult<SourcingResponse<UserActivityData>>> GetUserActivityAsync(string customerID, CancellationToken cancellationToken = default) =>
        _caller.CallAsync<SourcingResponse<UserActivityData>>(Ops.GetUserActivity, (op, ct) => api.GetUserActivity(customerID, op, ct), cancellationToken);

    private static string? Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
