using LoanJourney.Lenders.Common;

namespace LoanJourney.Lenders.CapitalFloat;

/// <summary>Capital Float pay-later disbursal (<c>Authorization</c> token). One method per documented endpoint.</summary>
public interface ICapitalFloatClient
{
    /// <summary>POST <c>paylater/block</c>: holds the amount and sends the borrower an OTP.</summary>
    Task<LenderResult<BlockResponse>> BlockAsync(BlockRequest request, CancellationToken cancellationToken = default);

    /// <summary>POST <c>paylater/verify_block</c>. The OTP is never logged nor recorded.</summary>
    Task<LenderResult<CapitalFloatResponse>> VerifyBlockOtpAsync(VerifyBlockOtpRequest request, CancellationToken cancellationToken = default);

    /// <summary>POST <c>paylater/resend_block_otp</c> (its success <c>status</c> is the string "1").</summary>
    Task<LenderResult<CapitalFloatResponse>> ResendBlockOtpAsync(ResendBlockOtpRequest request, CancellationToken cancellationToken = default);

    /// <summary>POST <c>paylater/tranche</c>: disburses against the block's <c>order_id</c>.</summary>
    Task<LenderResult<TrancheResponse>> CreateTrancheAsync(CreateTrancheRequest request, CancellationToken cancellationToken = default);

    /// <summary>POST <c>paylater/cancel</c> (Remove Block Amount): the compensation of a block.</summary>
    Task<LenderResult<CapitalFloatResponse>> CancelBlockAsync(CancelBlockRequest request, CancellationToken cancellationToken = default);

    /// <summary>POST <c>paylater/balance</c>.</summary>
    Task<LenderResult<BlockBalanceResponse>> GetBlockBalanceAsync(BlockBalanceRequest request, CancellationToken cancellationToken = default);

    /// <summary>POST <c>paylater/agent_info</c>.</summary>
    Task<LenderResult<BorrowerDetailsResponse>> GetBorrowerDetailsAsync(BorrowerDetailsRequest request, CancellationToken cancellationToken = default);

    /// <summary>POST <c>paylater/profile_available_limit</c>.</summary>
    Task<LenderResult<AvailableLimitResponse>> GetAvailableLimitAsync(AvailableLimitRequest request, CancellationToken cancellationToken = default);
}
