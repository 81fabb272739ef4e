using System.Globalization;
using Microsoft.AspNetCore.DataProtection;

namespace LoanJourney.Server.Auth;

/// <summary>The <c>lj_session</c> cookie: a data-protected expiry time. Nothing else is in it, so nothing else can leak.</summary>
internal sealed class SessionTickets(IDataProtectionProvider provider, TimeProvider time, ApiKeyOptions options)
{
    public const string CookieName = "lj_session";

    private readonly IDataProtector _protector = provider.CreateProtector("LoanJourney.Server.Session.v1");

    public (string Value, DateTimeOffset Expires) Issue()
    {
        var expires = time.GetUtcNow() + options.SessionLifetime;
        return (_protector.Protect(expires.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)), expires);
    }

    public bool IsValid(string? ticket)
    {
        if (string.IsNullOrEmpty(ticket))
        {
            return false;
        }

        try
        {
            var expires = long.Parse(_protector.Unprotect(ticket), CultureInfo.InvariantCulture);
            return time.GetUtcNow().ToUnixTimeMilliseconds() < expires;
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or FormatException or OverflowException)
        {
            return false;
        }
    }

    public DateTimeOffset Write(HttpResponse response, bool secure)
    {
        var (value, expires) = Issue();
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
