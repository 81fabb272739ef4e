using LoanJourney.Server.Auth;
using LoanJourney.Server.Problems;
using LoanJourney.Server.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoanJourney.Server.Session;

/// <summary>
/// Browser sign-in for the Studio: <c>POST</c> (authenticated by <c>X-Api-Key</c> or a bearer token) sets the
/// <c>lj_session</c> cookie for that principal; <c>GET</c> tells whether the caller is signed in and as whom
/// (<c>signedIn: false</c>, never 401); <c>DELETE</c> signs out.
/// </summary>
internal static class SessionApi
{
    public static RouteGroupBuilder MapSessionApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/session").WithTags("Session");
        api.MapPost("/", Results<Ok<SessionView>, ProblemHttpResult> (HttpContext context, SessionTickets tickets) =>
        {
            // Only a key or a token signs in: a cookie renewing itself would never expire.
            if (context.User.Method() is not (PrincipalClaims.Header or PrincipalClaims.Bearer))
            {
                return Problem.Create(StatusCodes.Status401Unauthorized, "Authentication required",
                    $"Sign in with the {ApiKeyAuthenticationHandler.HeaderName} header or a bearer token.", "unauthenticated");
            }

            var name = context.User.Name();
            var role = context.User.Role();
            var expires = tickets.Write(context.Response, context.Request.IsHttps, name, role);
            return TypedResults.Ok(new SessionView(true, expires, name, role));
        }).RequireAuthorization(p => p.RequireAuthenticatedUser()).ProducesProblems(401);
        // Never 401: the Studio asks on every load, and a 4xx is a console error in the browser (docs/api.md).
        api.MapGet("/", (HttpContext context) => TypedResults.Ok(context.User.Identity?.IsAuthenticated == true
            ? new SessionView(true, null, context.User.Name(), context.User.Role())
            : new SessionView(false))).AllowAnonymous();
        api.MapDelete("/", (HttpContext context) =>
        {
            SessionTickets.Clear(context.Response, context.Request.IsHttps);
            return TypedResults.NoContent();
        }).AllowAnonymous();
        return api;
    }
}
