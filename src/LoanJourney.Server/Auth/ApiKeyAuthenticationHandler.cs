using System.Text.Encodings.Web;
using LoanJourney.Server.Http;
using LoanJourney.Server.Logging;
using LoanJourney.Server.Problems;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace LoanJourney.Server.Auth;

/// <summary>Authenticates <c>/api</c> and <c>/metrics</c> calls by the <c>X-Api-Key</c> header or, for browsers, the session cookie.</summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    ApiKeyOptions keys,
    SessionCheck sessions)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggerFactory, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        // Only /api is ours to judge: the embedded sandbox's FinBox routes carry the lender's own x-api-key header, and
        // grading that against our management keys would fail (and log) on every lender call.
        if (!Request.Path.StartsWithSegments("/api") && !Request.Path.StartsWithSegments("/metrics"))
        {
            return AuthenticateResult.NoResult();
        }

        if (Request.Headers.TryGetValue(HeaderName, out var header))
        {
            return ApiKeys.Find(header.ToString(), keys.Principals) is { } principal
                ? Success(principal.Name, principal.Roles, PrincipalClaims.Header, principal.Partner, principal.Name)
                : AuthenticateResult.Fail("The X-Api-Key header does not match a configured key.");
        }

        if (Request.Cookies.TryGetValue(SessionTickets.CookieName, out var cookie))
        {
            return await SessionAsync(cookie);
        }

        return AuthenticateResult.NoResult();
    }

    // The ticket names a principal; the configuration says whether it may still act, and with which roles; the store says
    // whether the ticket was signed out (SessionCheck, which a live-update stream re-runs while it stays open).
    private async Task<AuthenticateResult> SessionAsync(string cookie)
    {
        var session = await sessions.CheckAsync(cookie, Context.RequestAborted);
        return session.Passed ? Success(session.Name, session.Roles, PrincipalClaims.Session, null, session.SessionId) : AuthenticateResult.Fail(session.Failure);
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = (await HandleAuthenticateOnceSafeAsync()).Failure?.Message;
        ServerLog.AuthenticationFailed(Logger, MaskedUrl.Path(Request.Path.Value), failure ?? "no credentials");
        await Problem.Create(StatusCodes.Status401Unauthorized, "Authentication required",
                failure ?? $"Send the {HeaderName} header or a bearer token, or sign in with POST /api/session for a session cookie.", "unauthenticated")
            .ExecuteAsync(Context);
    }

    // signIn: which key (its principal's name, never the key) or which session (the ticket's id), for the audit trail.
    private static AuthenticateResult Success(string name, IReadOnlyList<string> roles, string method, string? partner, string? signIn) =>
        AuthenticateResult.Success(new AuthenticationTicket(PrincipalClaims.Create(name, roles, method, SchemeName, partner, signIn), SchemeName));
}
