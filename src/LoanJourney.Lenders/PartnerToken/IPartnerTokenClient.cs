using LoanJourney.Lenders.Common;

namespace LoanJourney.Lenders.PartnerToken;

/// <summary>The sourcing partner's token sharing API (<c>Authorization</c> token).</summary>
public interface IPartnerTokenClient
{
    /// <summary>POST <c>application/token</c> (configurable): the final token share, <c>final_approval</c> true (disbursed) or false (rejected).</summary>
    Task<LenderResult<TokenShareResponse>> ShareTokenAsync(TokenShareRequest request, CancellationToken cancellationToken = default);

    /// <summary>POST <c>handshake/token</c>: status "1" answered now, "2" answered later at the callback URL, &lt; 0 an error.</summary>
    Task<LenderResult<HandshakeResponse>> HandshakeAsync(HandshakeRequest request, CancellationToken cancellationToken = default);
}
