using LoanJourney.Lenders.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Ops = LoanJourney.Lenders.PartnerToken.PartnerTokenOperations;

namespace LoanJourney.Lenders.PartnerToken;

/// <summary>The typed partner client. Thin: resilience, auth headers and recording are added at registration.</summary>
public sealed class PartnerTokenClient(HttpClient httpClient, ILogger<PartnerTokenClient> logger, IOptionsMonitor<LenderOptions> options)
    : IPartnerTokenClient
{
    private readonly LenderCaller _caller = new(httpClient, logger, LenderNames.Partner, PartnerTokenClassifier.Instance);

    /// <inheritdoc />
    public Task<LenderResult<TokenShareResponse>> ShareTokenAsync(TokenShareRequest request, CancellationToken cancellationToken = default) =>
        _caller.PostJsonAsync<TokenShareRequest, TokenShareResponse>(Ops.ShareToken, request, cancellationToken,
            options.Get(LenderNames.Partner).TokenSharePath.TrimStart('/'));

    /// <inheritdoc />
    public Task<LenderResult<HandshakeResponse>> HandshakeAsync(HandshakeRequest request, CancellationToken cancellationToken = default) =>
        _caller.PostJsonAsync<HandshakeRequest, HandshakeResponse>(Ops.Handshake, request, cancellationToken);
}
