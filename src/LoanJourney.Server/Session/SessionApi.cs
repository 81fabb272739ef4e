using LoanJourney.Server.Auth;
using LoanJourney.Server.Problems;
using LoanJourney.Server.OpenApi;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoanJourney.Server.Session;

/// <summary>
/// Browser sign-in for the Studio: <c>POST</c> (authenticated by <c>X-Api-Key</c> or a bearer token) sets the
/// <c>lj_session</c> cookie for that principal; <c>GET</c> tells whether the caller is signed in and as whom
/// (<c>signedIn: false</c>, never 401); <c>DELETE</c> signs out: the ticket's id is revoked in the store, so a copy of the
/// cookie is refused too, on every node.
/// </summary>
internal static class SessionApi
{
    public static RouteGroupBuilder MapSessionApi(this IEndpointRouteBuilder app)
    {
        // 503 on each: a session cookie is checked against the store's sign-outs, and signing out writes one there.
        var api = app.MapGroup("/api/session").ProducesProblems(503).WithTags("Session");
        api.MapPost("/", async Task<Results<Ok<SessionView>, ProblemHttpResult>> (HttpContext context, SessionTickets tickets, ApiKeyOptions keys, TimeProvider time) =>
        {
            // Only a key or a token signs in: a cookie renewing itself would never expire.
            var method = context.User.Method();
            if (method is not (PrincipalClaims.Header or PrincipalClaims.Bearer))
            {
                return Problem.Create(StatusCodes.Status401Unauthorized, "Authentication required",
                    $"Sign in with the {ApiKeyAuthenticationHandler.HeaderName} header or a bearer token.", "unauthenticated");
            }

            // The ticket remembers which key entry signed in (a rotated key ends its sessions) or when the token expires
            // (the session ends with it): SessionTickets.
            var key = method == PrincipalClaims.Header ? ApiKeys.Find(context.Request.Headers[ApiKeyAuthenticationHandler.HeaderName].ToString(), keys.Principals) : null;
            var notAfter = method == PrincipalClaims.Bearer ? (await context.AuthenticateAsync()).Properties?.ExpiresUtc : null;
            if (notAfter <= time.GetUtcNow())
            {
                // The handler accepts a token up to its clock skew (5 min) past its exp; a session ends with the token, so it
                // would end before it began: a cookie the browser drops at once and a Studio that signs in to a 401.
                return Problem.Create(StatusCodes.Status401Unauthorized, "Authentication required",
                    "The bearer token was refused: Expired (a session cannot begin after its token's exp).", "unauthenticated");
            }

            var name = context.User.Name();
            var roles = context.User.Roles();
            var expires = tickets.Write(context.Response, context.Request.IsHttps, name, method, roles, key, notAfter);
            // Written to the millisecond as every time the API answers (docs/api.md; session 46's walk read
            // "…17:47:51.3020249+00:00"): the ticket keeps its own instant, a hair later than the one shown.
            return TypedResults.Ok(new SessionView(true, expires.AddTicks(-(expires.Ticks % TimeSpan.TicksPerMillisecond)), name, Auth.Roles.First(roles), Roles: roles));
        }).RequireAuthorization(Policies.Viewer).ProducesProblems(401, 403); // a token naming no known role gets no session: 403 naming the role
        // Never 401: the Studio asks on every load, and a 4xx is a console error in the browser (docs/api.md). A partner's key
        // is answered with its partner (session 44: it said signed-in as an Operator, as if it were the team's).
        api.MapGet("/", (HttpContext context) => TypedResults.Ok(context.User.Identity?.IsAuthenticated == true
            ? new SessionView(true, null, context.User.Name(), context.User.Role(), context.User.Partner(), context.User.Roles())
            : new SessionView(false))).AllowAnonymous();
        api.MapDelete("/", async (HttpContext context, SessionTickets tickets, SessionRevocations revocations) =>
        {
            // Revoked in the store, not only cleared: a copy of the cookie taken before would otherwise still work. The ticket
            // is read as it is (its principal may be gone already); a sign-out, once asked, finishes even if the caller leaves.
            if (context.Request.Cookies.TryGetValue(SessionTickets.CookieName, out var cookie) && tickets.Read(cookie) is { } ticket)
            {
                await revocations.RevokeAsync(ticket, CancellationToken.None);
            }

            SessionTickets.Clear(context.Response, context.Request.IsHttps);
            return TypedResults.NoContent();
        }).AllowAnonymous();
        return api;
    }
}
