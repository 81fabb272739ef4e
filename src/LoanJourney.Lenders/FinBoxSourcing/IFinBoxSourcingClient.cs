using System.Text.Json;
using LoanJourney.Lenders.Common;

namespace LoanJourney.Lenders.FinBoxSourcing;

/// <summary>FinBox Sourcing Entity v1, server to server (<c>x-api-key</c>). One method per documented endpoint; webhooks arrive
/// as <see cref="WebhookPayload"/> (see <see cref="SourcingWebhook"/>).</summary>
public interface IFinBoxSourcingClient
{
    /// <summary>POST <c>v1/user/create</c>.</summary>
    Task<LenderResult<SourcingResponse<MessageData>>> CreateUserAsync(CreateUserRequest request, CancellationToken cancellationToken = default);

    /// <summary>GET <c>v1/user/eligibility?customerID=</c>.</summary>
    Task<LenderResult<SourcingResponse<EligibilityData>>> GetEligibilityAsync(string customerID, CancellationToken cancellationToken = default);

    /// <summary>POST <c>v1/user/token</c>.</summary>
    Task<LenderResult<SourcingResponse<TokenData>>> GenerateTokenAsync(GenerateTokenRequest request, CancellationToken cancellationToken = default);

    /// <summary>POST <c>v1/user/push</c>.</summary>
    Task<LenderResult<SourcingResponse<MessageData>>> PushPartnerDataAsync(PartnerPushRequest request, CancellationToken cancellationToken = default);

    /// <summary>GET <c>v1/users</c> with the optional list filters.</summary>
    Task<LenderResult<SourcingResponse<UserListData>>> ListUsersAsync(SourcingListQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>GET <c>v1/user/profile?customerID=</c>.</summary>
    Task<LenderResult<SourcingResponse<UserProfileData>>> GetUserProfileAsync(string customerID, CancellationToken cancellationToken = default);

    /// <summary>GET <c>v1/loans</c> with the optional list filters.</summary>
    Task<LenderResult<SourcingResponse<LoanListData>>> ListLoansAsync(SourcingListQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>GET <c>v1/loan/details?loanApplicationID=</c>.</summary>
    Task<LenderResult<SourcingResponse<LoanDetailsData>>> GetLoanDetailsAsync(string loanApplicationID, CancellationToken cancellationToken = default);

    /// <summary>GET <c>v1/loan/offers?loanApplicationID=</c> (its <c>data</c> is an array).</summary>
    Task<LenderResult<SourcingResponse<List<LoanOffer>>>> GetLoanOffersAsync(string loanApplicationID, CancellationToken cancellationToken = default);

    /// <summary>GET <c>v1/loan/agreement?loanApplicationID=</c>.</summary>
    Task<LenderResult<SourcingResponse<SignedAgreementData>>> GetSignedAgreementAsync(string loanApplicationID, CancellationToken cancellationToken = default);

    /// <summary>GET <c>v1/loan/repayments?loanApplicationID=</c>.</summary>
    Task<LenderResult<SourcingResponse<RepaymentsData>>> GetRepaymentsAsync(string loanApplicationID, CancellationToken cancellationToken = default);

    /// <summary>GET <c>v1/edi/repayments?loanApplicationID=</c>.</summary>
    Task<LenderResult<SourcingResponse<EdiRepaymentsData>>> GetEdiRepaymentsAsync(string loanApplicationID, CancellationToken cancellationToken = default);

    /// <summary>POST <c>v1/loan/repay</c> (disabled by default at FinBox).</summary>
    Task<LenderResult<SourcingResponse<RepayData>>> RepayAsync(RepayRequest request, CancellationToken cancellationToken = default);

    /// <summary>GET <c>v1/creditline/details?customerID=</c>.</summary>
    Task<LenderResult<SourcingResponse<CreditLineDetailsData>>> GetCreditLineDetailsAsync(string customerID, CancellationToken cancellationToken = default);

    /// <summary>GET <c>v1/creditline/transactions?customerID=</c>, optionally filtered by <c>partnerTxnID</c>.</summary>
    Task<LenderResult<SourcingResponse<CreditLineTransactionsData>>> GetCreditLineTransactionsAsync(string customerID, string? partnerTxnID = null, CancellationToken cancellationToken = default);

    /// <summary>POST <c>v1/creditline/txn/confirm</c>.</summary>
    Task<LenderResult<SourcingResponse<JsonElement>>> ConfirmTransactionAsync(ConfirmTransactionRequest request, CancellationToken cancellationToken = default);

    /// <summary>POST <c>v1/creditline/txn/cancel</c>.</summary>
    Task<LenderResult<SourcingResponse<JsonElement>>> CancelTransactionAsync(CancelTransactionRequest request, CancellationToken cancellationToken = default);

    /// <summary>POST <c>v1/creditline/txn/split</c>.</summary>
    Task<LenderResult<SourcingResponse<JsonElement>>> SplitTransactionAsync(SplitTransactionRequest request, CancellationToken cancellationToken = default);

    /// <summary>POST <c>v1/creditline/txn/merge</c>.</summary>
    Task<LenderResult<SourcingResponse<MergeTransactionsData>>> MergeTransactionsAsync(MergeTransactionsRequest request, CancellationToken cancellationToken = default);

    /// <summary>GET <c>v1/user/activity?customerID=</c>.</summary>
    Task<LenderResult<SourcingResponse<UserActivityData>>> GetUserActivityAsync(string customerID, CancellationToken cancellationToken = default);
}
