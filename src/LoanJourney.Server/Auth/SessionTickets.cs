using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace LoanJourney.Server.Auth;

/// <summary>
/// The <c>lj_session</c> cookie: a data-protected ticket with the principal's name, role and expiry. The role is the one
/// held at sign-in; a role change takes effect at the next sign-in (or when the ticket expires).
/// </summary>
internal sealed class SessionTickets(IDataProtectionProvider provider, TimeProvider time, ApiKeyOptions options)
{
    public const string CookieName = "lj_session";

    // v2: v1 tickets held only an expiry (no principal) and are refused, so everyone signs in once after the upgrade.
    private readonly IDataProtector _protector = provider.CreateProtector("LoanJourney.Server.Session.v2");

    public (string Value, DateTimeOffset Expires) Issue(string name, string? role)
    {
        var expires = time.GetUtcNow() + options.SessionLifetime;
        var ticket = new SessionTicket(name, role, expires.ToUnixTimeMilliseconds());
        return (_protector.Protect(JsonSerializer.Serialize(ticket)), expires);
    }

    public SessionTicket? Read(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        try
        {
            var ticket = JsonSerializer.Deserialize<SessionTicket>(_protector.Unprotect(value));
            return ticket is not null && !string.IsNullOrEmpty(ticket.Name) && time.GetUtcNow().ToUnixTimeMilliseconds() < ticket.ExpiresMs ? ticket : null;
        }
        catch (Exception e) when (e is CryptographicException or JsonException or FormatException)
        {
            return null;
        }
    }

    public DateTimeOffset Write(HttpResponse response, bool secure, string name, string? role)
    {
        var (value, expires) = Issue(name, role);
        response.Cookies.Append(CookieName, value, CookieOptions(secure, expires));
        return expires;
    }

    public static void Clear(HttpResponse response, bool secure) => response.Cookies.Delete(CookieName, CookieOptions(secure, null));

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
