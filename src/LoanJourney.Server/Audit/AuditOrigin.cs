using System.Security.Claims;
using LoanJourney.Engine.Model;
using LoanJourney.Lenders.Common;
using LoanJourney.Server.Auth;

namespace LoanJourney.Server.Audit;

/// <summary>
/// "From where" on an audit entry (docs/server.md, "Audit trail"): the client's address as the connection says it — the
/// socket peer, unless a proxy listed in <c>Server:ForwardedHeaders:KnownProxies</c> forwarded it (<see cref="Http.ForwardedHeadersSetup"/>;
/// an <c>X-Forwarded-For</c> from anyone else is ignored) —, how the principal signed in and which sign-in, and the user agent.
/// </summary>
internal static class AuditOrigin
{
    /// <summary>The longest user agent kept; a longer one is cut and ends with "…".</summary>
    public const int MaxUserAgent = 200;

    public const string Key = "key";
    public const string Session = "session";
    public const string Bearer = "bearer";

    public static AuditEntry From(AuditEntry entry, HttpContext? http, ClaimsPrincipal user) =>
        http is null
            ? entry
            : entry with
            {
                ClientAddress = Address(http),
                AuthMethod = user.Method() switch
                {
                    PrincipalClaims.Header => Key,
                    PrincipalClaims.Session => Session,
                    PrincipalClaims.Bearer => Bearer,
                    _ => null,
                },
                AuthId = user.SignIn() is { } signIn ? Bounded(signIn) : null,
                UserAgent = http.Request.Headers.UserAgent.ToString() is { Length: > 0 } agent ? Bounded(agent) : null,
            };

    /// <summary>
    /// The client's address as the connection says it (after the trusted forwarded headers), also the request log's
    /// <c>ClientAddress</c>. IPv4 seen through a dual-stack socket reads ::ffff:a.b.c.d: recorded as a.b.c.d, as a proxy's
    /// log would name it.
    /// </summary>
    public static string? Address(HttpContext http) =>
        http.Connection.RemoteIpAddress is not { } address ? null
        : address.IsIPv4MappedToIPv6 ? address.MapToIPv4().ToString()
        : address.ToString();

    // A client writes what it likes here: no control characters, PII masked (a script may put a mobile number in it), bounded.
    private static string Bounded(string value)
    {
        var clean = Pii.ScrubText(new string(value.Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Trim());
        return clean.Length <= MaxUserAgent ? clean : clean[..(MaxUserAgent - 1)] + "…";
    }
}
