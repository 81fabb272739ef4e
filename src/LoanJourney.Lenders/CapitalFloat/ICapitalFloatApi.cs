using LoanJourney.Lenders.Common;
using Refit;

namespace LoanJourney.Lenders.CapitalFloat;

/// <summary>
/// Capital Float pay-later on the wire, one method per documented endpoint (all POST; paths as in <see cref="CapitalFloatOperations"/>).
/// Answers come back raw: the documented outcome is the body's negative integer <c>status</c>, read by <see cref="CapitalFloatClassifier"/>.
/// </summary>
internal interface ICapitalFloatApi
{
    [Post("/paylater/block")]
    Task<HttpResponseMessage> Block([Body] BlockRequest request, [Property(LenderRequestOptions.OperationKey)] LenderOperation operation, CancellationToken cancellationToken);

    [Post("/paylater/verify_block")]
    Task<HttpResponseMessage> VerifyBlockOtp([Body] VerifyBlockOtpRequest request, [Property(LenderRequestOptions.OperationKey)] LenderOperation operation, CancellationToken cancellationToken);

    [Post("/paylater/resend_block_otp")]
    Task<HttpResponseMessage> ResendBlockOtp([Body] ResendBlockOtpRequest request, [Property(LenderRequestOptions.OperationKey)] LenderOperation operation, CancellationToken cancellationToken);

    [Post("/paylater/tranche")]
    Task<HttpResponseMessage> CreateTranche([Body] CreateTrancheRequest request, [Property(LenderRequestOptions.OperationKey)] LenderOperation operation, CancellationToken cancellationToken);

    [Post("/paylater/cancel")]
    Task<HttpResponseMessage> CancelBlock([Body] CancelBlockRequest request, [Property(LenderRequestOptions.OperationKey)] LenderOperation operation, CancellationToken cancellationToken);

    [Post("/paylater/balance")]
    Task<HttpResponseMessage> GetBlockBalance([Body] BlockBalanceRequest request, [Property(LenderRequestOptions.OperationKey)] LenderOperation operation, CancellationToken cancellationToken);

    [Post("/paylater/agent_info")]
    Task<HttpResponseMessage> GetBorrowerDetails([Body] BorrowerDetailsRequest request, [Property(LenderRequestOptions.OperationKey)] LenderOperation operation, CancellationToken cancellationToken);

    [Post("/paylater/profile_available_limit")]
    Task<HttpResponseMessage> GetAvailableLimit([Body] AvailableLimitRequest request, [Property(LenderRequestOptions.OperationKey)] LenderOperation operation, CancellationToken cancellationToken);
}
