namespace LoanJourney.Server.Auth;

/// <summary>
/// What the <c>lj_session</c> cookie carries (data-protected): its random id (what sign-out revokes), who signed in and how
/// (<see cref="PrincipalClaims.Header"/> or <see cref="PrincipalClaims.Bearer"/>), the roles a bearer token held, the
/// fingerprint of the key entry a key signed in with, and when it expires. <see cref="Role"/> is the strongest of
/// <see cref="Roles"/>: a ticket issued before a principal held a set (session 46) carries only it, and a node not yet
/// upgraded reads only it, so a bearer session crosses a rolling upgrade either way (with one role on an old node).
/// </summary>
internal sealed record SessionTicket(string Id, string Name, string Method, string? Role, string? KeyFingerprint, long ExpiresMs, IReadOnlyList<string>? Roles = null)
{
    /// <summary>The roles the ticket records: <see cref="Roles"/>, or a pre-set ticket's one <see cref="Role"/>.</summary>
    public IReadOnlyList<string> HeldRoles => Auth.Roles.Held(Roles ?? (Role is null ? [] : [Role]));
}
