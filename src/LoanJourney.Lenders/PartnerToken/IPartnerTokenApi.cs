using LoanJourney.Lenders.Common;
using Refit;

namespace LoanJourney.Lenders.PartnerToken;

/// <summary>The partner's token sharing and handshake endpoints on the wire. Answers come back raw for <see cref="PartnerTokenClassifier"/>.</summary>
internal interface IPartnerTokenApi
{
    /// <remarks>The path is configuration (<see cref="LenderOptions.TokenSharePath"/>): the document names two (see docs/lenders.md).</remarks>
    [Post("/{**tokenSharePath}")]
    Task<HttpResponseMessage> ShareToken(string tokenSharePath, [Body] TokenShareRequest request, [Property(LenderRequestOptions.OperationKey)] LenderOperation operation, CancellationToken cancellationToken);

    [Post("/handshake/token")]
    Task<HttpResponseMessage> Handshake([Body] HandshakeRequest request, [Property(LenderRequestOptions.OperationKey)] LenderOperation operation, CancellationToken cancellationToken);
}
