using LoanJourney.Lenders.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Ops = LoanJourney.Lenders.PartnerToken.PartnerTokenOperations;

namespace LoanJourney.Lenders.PartnerToken;

/// <summary>The typed partner client (the team's, <c>Lenders:Partner</c>, or one partner's, <c>Lenders:Partners:{partner}</c>: <paramref name="optionsName"/>).
/// Thin: resilience, auth headers and recording are added at registration.</summary>
internal sealed class PartnerTokenClient(IPartnerTokenApi api, ILogger<PartnerTokenClient> logger, IOptionsMonitor<LenderOptions> options, string optionsName)
    : IPartnerTokenClient
{
    private readonly LenderCaller _caller = new(logger, LenderNames.Partner, PartnerTokenClassifier.Instance, "Lenders:" + optionsName);

    /// <inheritdoc />
    public Task<LenderResult<TokenShareResponse>> ShareTokenAsync(TokenShareRequest request, CancellationToken cancellationToken = default) =>
        _caller.CallAsync<TokenShareResponse>(Ops.ShareToken,
            (op, ct) => api.ShareToken(options.Get(optionsName).TokenSharePath.TrimStart('/'), request, op, ct), cancellationToken);

    /// <inheritdoc />
    public Task<LenderResult<HandshakeResponse>> HandshakeAsync(HandshakeRequest request, CancellationToken cancellationToken = default) =>
        _caller.CallAsync<HandshakeResponse>(Ops.Handshake, (op, ct) => api.Handshake(request, op, ct), cancellationToken);
}
