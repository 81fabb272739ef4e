namespace LoanJourney.Sandbox.Partner;

/// <summary>A token share as the partner received it (readable at <c>GET /sandbox/partner/token-shares</c>).</summary>
internal sealed record ReceivedTokenShare(string Path, DateTimeOffset ReceivedAt, TokenShareRequest Share);
