namespace LoanJourney.Server.Auth;

/// <summary>
/// What the <c>lj_session</c> cookie carries (data-protected): its random id (what sign-out revokes), who signed in and how
/// (<see cref="PrincipalClaims.Header"/> or <see cref="PrincipalClaims.Bearer"/>), the role a bearer token held, the
/// fingerprint of the key entry a key signed in with, and when it expires.
/// </summary>
internal sealed record SessionTicket(string Id, string Name, string Method, string? Role, string? KeyFingerprint, long ExpiresMs);
