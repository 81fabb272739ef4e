using LoanJourney.Lenders.Common;
using Microsoft.Extensions.Logging;
using Ops = LoanJourney.Lenders.CapitalFloat.CapitalFloatOperations;

namespace LoanJourney.Lenders.CapitalFloat;

/// <summary>The typed Capital Float client. Thin: resilience, auth headers and recording are added at registration.</summary>
public sealed class CapitalFloatClient(HttpClient httpClient, ILogger<CapitalFloatClient> logger) : ICapitalFloatClient
{
    private readonly LenderCaller _caller = new(httpClient, logger, LenderNames.CapitalFloat, CapitalFloatClassifier.Instance);

    /// <inheritdoc />
    public Task<LenderResult<BlockResponse>> BlockAsync(BlockRequest request, CancellationToken cancellationToken = default) =>
        _caller.PostJsonAsync<BlockRequest, BlockResponse>(Ops.Block, request, cancellationToken);

    /// <inheritdoc />
    public Task<LenderResult<CapitalFloatResponse>> VerifyBlockOtpAsync(VerifyBlockOtpRequest request, CancellationToken cancellationToken = default) =>
        _caller.PostJsonAsync<VerifyBlockOtpRequest, CapitalFloatResponse>(Ops.VerifyBlockOtp, request, cancellationToken);

    /// <inheritdoc />
    public Task<LenderResult<CapitalFloatResponse>> ResendBlockOtpAsync(ResendBlockOtpRequest request, CancellationToken cancellationToken = default) =>
        _caller.PostJsonAsync<ResendBlockOtpRequest, CapitalFloatResponse>(Ops.ResendBlockOtp, request, cancellationToken);

    /// <inheritdoc />
    public Task<LenderResult<TrancheResponse>> CreateTrancheAsync(CreateTrancheRequest request, CancellationToken cancellationToken = default) =>
        _caller.PostJsonAsync<CreateTrancheRequest, TrancheResponse>(Ops.CreateTranche, request, cancellationToken);

    /// <inheritdoc />
    public Task<LenderResult<CapitalFloatResponse>> CancelBlockAsync(CancelBlockRequest request, CancellationToken cancellationToken = default) =>
        _caller.PostJsonAsync<CancelBlockRequest, CapitalFloatResponse>(Ops.CancelBlock, request, cancellationToken);

    /// <inheritdoc />
    public Task<LenderResult<BlockBalanceResponse>> GetBlockBalanceAsync(BlockBalanceRequest request, CancellationToken cancellationToken = default) =>
        _caller.PostJsonAsync<BlockBalanceRequest, BlockBalanceResponse>(Ops.GetBlockBalance, request, cancellationToken);

    /// <inheritdoc />
    public Task<LenderResult<BorrowerDetailsResponse>> GetBorrowerDetailsAsync(BorrowerDetailsRequest request, CancellationToken cancellationToken = default) =>
        _caller.PostJsonAsync<BorrowerDetailsRequest, BorrowerDetailsResponse>(Ops.GetBorrowerDetails, request, cancellationToken);

    /// <inheritdoc />
    public Task<LenderResult<AvailableLimitResponse>> GetAvailableLimitAsync(AvailableLimitRequest request, CancellationToken cancellationToken = default) =>
        _caller.PostJsonAsync<AvailableLimitRequest, AvailableLimitResponse>(Ops.GetAvailableLimit, request, cancellationToken);
}
