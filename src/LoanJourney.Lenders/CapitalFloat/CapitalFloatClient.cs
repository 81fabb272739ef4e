using LoanJourney.Lenders.Common;
using Microsoft.Extensions.Logging;
using Ops = LoanJourney.Lenders.CapitalFloat.CapitalFloatOperations;

namespace LoanJourney.Lenders.CapitalFloat;

/// <summary>The typed Capital Float client. Thin: resilience, auth headers and recording are added at registration.</summary>
internal sealed class CapitalFloatClient(ICapitalFloatApi api, ILogger<CapitalFloatClient> logger) : ICapitalFloatClient
{
    private readonly LenderCaller _caller = new(logger, LenderNames.CapitalFloat, CapitalFloatClassifier.Instance);

    /// <inheritdoc />
    public Task<LenderResult<BlockResponse>> BlockAsync(BlockRequest request, CancellationToken cancellationToken = default) =>
        _caller.CallAsync<BlockResponse>(Ops.Block, (op, ct) => api.Block(request, op, ct), cancellationToken);

    /// <inheritdoc />
    public Task<LenderResult<CapitalFloatResponse>> VerifyBlockOtpAsync(VerifyBlockOtpRequest request, CancellationToken cancellationToken = default) =>
        _caller.CallAsync<CapitalFloatResponse>(Ops.VerifyBlockOtp, (op, ct) => api.VerifyBlockOtp(request, op, ct), cancellationToken);

    /// <inheritdoc />
    public Task<LenderResult<CapitalFloatResponse>> ResendBlockOtpAsync(ResendBlockOtpRequest request, CancellationToken cancellationToken = default) =>
        _caller.CallAsync<CapitalFloatResponse>(Ops.ResendBlockOtp, (op, ct) => api.ResendBlockOtp(request, op, ct), cancellationToken);

    /// <inheritdoc />
    public Task<LenderResult<TrancheResponse>> CreateTrancheAsync(CreateTrancheRequest request, CancellationToken cancellationToken = default) =>
        _caller.CallAsync<TrancheResponse>(Ops.CreateTranche, (op, ct) => api.CreateTranche(request, op, ct), cancellationToken);

    /// <inheritdoc />
    public Task<LenderResult<CapitalFloatResponse>> CancelBlockAsync(CancelBlockRequest request, CancellationToken cancellationToken = default) =>
        _caller.CallAsync<CapitalFloatResponse>(Ops.CancelBlock, (op, ct) => api.CancelBlock(request, op, ct), cancellationToken);

    /// <inheritdoc />
    public Task<LenderResult<BlockBalanceResponse>> GetBlockBalanceAsync(BlockBalanceRequest request, CancellationToken cancellationToken = default) =>
        _caller.CallAsync<BlockBalanceResponse>(Ops.GetBlockBalance, (op, ct) => api.GetBlockBalance(request, op, ct), cancellationToken);

    /// <inheritdoc />
    public Task<LenderResult<BorrowerDetailsResponse>> GetBorrowerDetailsAsync(BorrowerDetailsRequest request, CancellationToken cancellationToken = default) =>
        _caller.CallAsync<BorrowerDetailsResponse>(Ops.GetBorrowerDetails, (op, ct) => api.GetBorrowerDetails(request, op, ct), cancellationToken);

    /// <inheritdoc />
    public Task<LenderResult<AvailableLimitResponse>> GetAvailableLimitAsync(AvailableLimitRequest request, CancellationToken cancellationToken = default) =>
        _caller.CallAsync<AvailableLimitResponse>(Ops.GetAvailableLimit, (op, ct) => api.GetAvailableLimit(request, op, ct), cancellationToken);
}
