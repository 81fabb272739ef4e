using System.Globalization;
using System.Text.Json;
using LoanJourney.Lenders.Common;
using Microsoft.Extensions.Logging;
using Ops = LoanJourney.Lenders.FinBoxSourcing.FinBoxSourcingOperations;

namespace LoanJourney.Lenders.FinBoxSourcing;

/// <summary>The typed Sourcing v1 client. Thin: resilience, auth headers and recording are added at registration.</summary>
public sealed class FinBoxSourcingClient(HttpClient httpClient, ILogger<FinBoxSourcingClient> logger) : IFinBoxSourcingClient
{
    private readonly LenderCaller _caller = new(httpClient, logger, LenderNames.FinBoxSourcing, FinBoxSourcingClassifier.Instance);

    /// <inheritdoc />
    public Task<LenderResult<SourcingResponse<MessageData>>> CreateUserAsync(CreateUserRequest request, CancellationToken cancellationToken = default) =>
        _caller.PostJsonAsync<CreateUserRequest, SourcingResponse<MessageData>>(Ops.CreateUser, request, cancellationToken);

    /// <inheritdoc />
    public Task<LenderResult<SourcingResponse<EligibilityData>>> GetEligibilityAsync(string customerID, CancellationToken cancellationToken = default) =>
        _caller.GetAsync<SourcingResponse<EligibilityData>>(Ops.GetEligibility, cancellationToken, ("customerID", customerID));

    /// <inheritdoc />
    public Task<LenderResult<SourcingResponse<TokenData>>> GenerateTokenAsync(GenerateTokenRequest request, CancellationToken cancellationToken = default) =>
        _caller.PostJsonAsync<GenerateTokenRequest, SourcingResponse<TokenData>>(Ops.GenerateToken, request, cancellationToken);

    /// <inheritdoc />
    public Task<LenderResult<SourcingResponse<MessageData>>> PushPartnerDataAsync(PartnerPushRequest request, CancellationToken cancellationToken = default) =>
        _caller.PostJsonAsync<PartnerPushRequest, SourcingResponse<MessageData>>(Ops.PushPartnerData, request, cancellationToken);

    /// <inheritdoc />
    public Task<LenderResult<SourcingResponse<UserListData>>> ListUsersAsync(SourcingListQuery? query = null, CancellationToken cancellationToken = default) =>
        GetListAsync<SourcingResponse<UserListData>>(Ops.ListUsers, query, cancellationToken);

    /// <inheritdoc />
    public Task<LenderResult<SourcingResponse<UserProfileData>>> GetUserProfileAsync(string customerID, CancellationToken cancellationToken = default) =>
        _caller.GetAsync<SourcingResponse<UserProfileData>>(Ops.GetUserProfile, cancellationToken, ("customerID", customerID));

    /// <inheritdoc />
    public Task<LenderResult<SourcingResponse<LoanListData>>> ListLoansAsync(SourcingListQuery? query = null, CancellationToken cancellationToken = default) =>
        GetListAsync<SourcingResponse<LoanListData>>(Ops.ListLoans, query, cancellationToken);

    /// <inheritdoc />
    public Task<LenderResult<SourcingResponse<LoanDetailsData>>> GetLoanDetailsAsync(string loanApplicationID, CancellationToken cancellationToken = default) =>
        _caller.GetAsync<SourcingResponse<LoanDetailsData>>(Ops.GetLoanDetails, cancellationToken, ("loanApplicationID", loanApplicationID));

    /// <inheritdoc />
    public Task<LenderResult<SourcingResponse<List<LoanOffer>>>> GetLoanOffersAsync(string loanApplicationID, CancellationToken cancellationToken = default) =>
        _caller.GetAsync<SourcingResponse<List<LoanOffer>>>(Ops.GetLoanOffers, cancellationToken, ("loanApplicationID", loanApplicationID));

    /// <inheritdoc />
    public Task<LenderResult<SourcingResponse<SignedAgreementData>>> GetSignedAgreementAsync(string loanApplicationID, CancellationToken cancellationToken = default) =>
        _caller.GetAsync<SourcingResponse<SignedAgreementData>>(Ops.GetSignedAgreement, cancellationToken, ("loanApplicationID", loanApplicationID));

    /// <inheritdoc />
    public Task<LenderResult<SourcingResponse<RepaymentsData>>> GetRepaymentsAsync(string loanApplicationID, CancellationToken cancellationToken = default) =>
        _caller.GetAsync<SourcingResponse<RepaymentsData>>(Ops.GetRepayments, cancellationToken, ("loanApplicationID", loanApplicationID));

    /// <inheritdoc />
    public Task<LenderResult<SourcingResponse<EdiRepaymentsData>>> GetEdiRepaymentsAsync(string loanApplicationID, CancellationToken cancellationToken = default) =>
        _caller.GetAsync<SourcingResponse<EdiRepaymentsData>>(Ops.GetEdiRepayments, cancellationToken, ("loanApplicationID", loanApplicationID));

    /// <inheritdoc />
    public Task<LenderResult<SourcingResponse<RepayData>>> RepayAsync(RepayRequest request, CancellationToken cancellationToken = default) =>
        _caller.PostJsonAsync<RepayRequest, SourcingResponse<RepayData>>(Ops.Repay, request, cancellationToken);

    /// <inheritdoc />
    public Task<LenderResult<SourcingResponse<CreditLineDetailsData>>> GetCreditLineDetailsAsync(string customerID, CancellationToken cancellationToken = default) =>
        _caller.GetAsync<SourcingResponse<CreditLineDetailsData>>(Ops.GetCreditLineDetails, cancellationToken, ("customerID", customerID));

    /// <inheritdoc />
    public Task<LenderResult<SourcingResponse<CreditLineTransactionsData>>> GetCreditLineTransactionsAsync(string customerID, string? partnerTxnID = null, CancellationToken cancellationToken = default) =>
        _caller.GetAsync<SourcingResponse<CreditLineTransactionsData>>(Ops.GetCreditLineTransactions, cancellationToken, ("customerID", customerID), ("partnerTxnID", partnerTxnID));

    /// <inheritdoc />
    public Task<LenderResult<SourcingResponse<JsonElement>>> ConfirmTransactionAsync(ConfirmTransactionRequest request, CancellationToken cancellationToken = default) =>
        _caller.PostJsonAsync<ConfirmTransactionRequest, SourcingResponse<JsonElement>>(Ops.ConfirmTransaction, request, cancellationToken);

    /// <inheritdoc />
    public Task<LenderResult<SourcingResponse<JsonElement>>> CancelTransactionAsync(CancelTransactionRequest request, CancellationToken cancellationToken = default) =>
        _caller.PostJsonAsync<CancelTransactionRequest, SourcingResponse<JsonElement>>(Ops.CancelTransaction, request, cancellationToken);

    /// <inheritdoc />
    public Task<LenderResult<SourcingResponse<JsonElement>>> SplitTransactionAsync(SplitTransactionRequest request, CancellationToken cancellationToken = default) =>
        _caller.PostJsonAsync<SplitTransactionRequest, SourcingResponse<JsonElement>>(Ops.SplitTransaction, request, cancellationToken);

    /// <inheritdoc />
    public Task<LenderResult<SourcingResponse<MergeTransactionsData>>> MergeTransactionsAsync(MergeTransactionsRequest request, CancellationToken cancellationToken = default) =>
        _caller.PostJsonAsync<MergeTransactionsRequest, SourcingResponse<MergeTransactionsData>>(Ops.MergeTransactions, request, cancellationToken);

    /// <inheritdoc />
    public Task<LenderResult<SourcingResponse<UserActivityData>>> GetUserActivityAsync(string customerID, CancellationToken cancellationToken = default) =>
        _caller.GetAsync<SourcingResponse<UserActivityData>>(Ops.GetUserActivity, cancellationToken, ("customerID", customerID));

    private Task<LenderResult<T>> GetListAsync<T>(LenderOperation operation, SourcingListQuery? query, CancellationToken cancellationToken) =>
        _caller.GetAsync<T>(operation, cancellationToken,
            ("limit", query?.Limit?.ToString(CultureInfo.InvariantCulture)),
            ("page", query?.Page?.ToString(CultureInfo.InvariantCulture)),
            ("from", query?.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            ("to", query?.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            ("customerID", query?.CustomerID),
            ("mobile", query?.Mobile),
            ("statusText", query?.StatusText));
}
