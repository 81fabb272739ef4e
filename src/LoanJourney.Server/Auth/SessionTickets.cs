using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace LoanJourney.Server.Auth;

/// <summary>
/// The <c>lj_session</c> cookie: a data-protected ticket (<see cref="SessionTicket"/>). It names its principal but does not
/// stand for it: every request it authenticates is checked against the principals configured now (<see cref="Current"/>),
/// so a principal removed from configuration, or whose key changed, is refused, and changed roles apply to the next
/// request. A session signed in with a bearer token keeps the token's roles and ends with the token. Sign-out revokes the
/// ticket's id in the store (<see cref="SessionRevocations"/>).
/// </summary>
internal sealed class SessionTickets(IDataProtectionProvider provider, TimeProvider time, ApiKeyOptions options, OidcOptions oidc)
{
    public const string CookieName = "lj_session";

    // v3: tickets carry an id (sign-out revokes it) and how they were signed in. v2 tickets (no id) could never be signed
    // out, and v1 tickets held only an expiry: both are refused, so everyone signs in once after each upgrade.
    private const string Purpose = "LoanJourney.Server.Session.v3";

    private readonly IDataProtector _protector = provider.CreateProtector(Purpose);

    /// <summary>
    /// A ticket for <paramref name="name"/>, signed in by <paramref name="method"/>: with <paramref name="key"/> (the entry
    /// the <c>X-Api-Key</c> header matched) or a bearer token valid until <paramref name="notAfter"/>.
    /// </summary>
    public (string Value, DateTimeOffset Expires) Issue(string name, string method, IReadOnlyList<string> roles, KeyPrincipal? key, DateTimeOffset? notAfter)
    {
        var expires = time.GetUtcNow() + options.SessionLifetime;
        if (notAfter < expires)
        {
            expires = notAfter.Value;
        }

        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var held = Roles.Held(roles);
        var ticket = new SessionTicket(id, name, method, Roles.First(held), key is null ? null : Fingerprint(key), expires.ToUnixTimeMilliseconds(), held);
        return (_protector.Protect(JsonSerializer.Serialize(ticket)), expires);
    }

    /// <summary>
    /// The ticket in <paramref name="value"/> when it is ours, well-formed and not expired; null otherwise. A ticket that
    /// would outlast a sign-in made now (<c>Server:SessionLifetime</c> was lowered since) is refused too.
    /// </summary>
    public SessionTicket? Read(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        try
        {
            var ticket = JsonSerializer.Deserialize<SessionTicket>(_protector.Unprotect(value));
            var now = time.GetUtcNow();
            return ticket is { Id: { Length: 32 } id, Name.Length: > 0, Method: PrincipalClaims.Header or PrincipalClaims.Bearer }
                   && id.All(char.IsAsciiHexDigitLower)
                   && now.ToUnixTimeMilliseconds() < ticket.ExpiresMs
                   && ticket.ExpiresMs <= (now + options.SessionLifetime).ToUnixTimeMilliseconds()
                ? ticket
                : null;
        }
        catch (Exception e) when (e is CryptographicException or JsonException or FormatException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>
    /// The roles <paramref name="ticket"/>'s principal holds now, or false when it may no longer act: a key sign-in whose
    /// principal is no longer configured under that name with that key, or a bearer sign-in once OIDC is no longer configured.
    /// </summary>
    public bool Current(SessionTicket ticket, out IReadOnlyList<string> roles)
    {
        roles = [];
        if (ticket.Method == PrincipalClaims.Bearer)
        {
            // The identity provider, not our configuration, holds a token's principal: the session keeps the token's roles
            // and never outlives the token (Issue).
            roles = ticket.HeldRoles;
            return oidc.Enabled;
        }

        if (ticket.KeyFingerprint is not { } fingerprint)
        {
            return false;
        }

        foreach (var principal in options.Principals)
        {
            if (string.Equals(principal.Name, ticket.Name, StringComparison.Ordinal) && string.Equals(Fingerprint(principal), fingerprint, StringComparison.Ordinal))
            {
                // A partner-scoped principal holds no session (its surface has no POST /api/session): one scoped since it
                // signed in would otherwise act unscoped through its cookie.
                roles = principal.Roles;
                return principal.Partner is null;
            }
        }

        return false;
    }

    public DateTimeOffset Write(HttpResponse response, bool secure, string name, string method, IReadOnlyList<string> roles, KeyPrincipal? key, DateTimeOffset? notAfter)
    {
        var (value, expires) = Issue(name, method, roles, key, notAfter);
        response.Cookies.Append(CookieName, value, CookieOptions(secure, expires));
        return expires;
    }

    public static void Clear(HttpResponse response, bool secure) => response.Cookies.Delete(CookieName, CookieOptions(secure, null));

    // Binds a ticket to the key entry it was signed in with, so a rotated key ends the sessions of the old one. Derived
    // from the key's hash (domain-separated, truncated) rather than the hash itself: the cookie never carries key material.
    private static string Fingerprint(KeyPrincipal principal) =>
        Convert.ToHexStringLower(SHA256.HashData([.. "LoanJourney.Server.Session.Key\0"u8, .. principal.KeyHash]).AsSpan(0, 16));

    private static CookieOptions CookieOptions(bool secure, DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = secure,
        Path = "/api",
        Expires = expires,
        IsEssential = true,
    };
}
