using System.Security.Claims;
using LoanJourney.Server.Auth;
using LoanJourney.Server.Problems;
using LoanJourney.Server.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoanJourney.Server.Session;

/// <summary>
/// Browser sign-in for the Studio: <c>POST</c> (authenticated by <c>X-Api-Key</c>) sets the <c>lj_session</c> cookie;
/// <c>GET</c> tells whether the caller is signed in (<c>signedIn: false</c>, never 401); <c>DELETE</c> signs out.
/// </summary>
internal static class SessionApi
{
    public static RouteGroupBuilder MapSessionApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/session").WithTags("Session");
        api.MapPost("/", Results<Ok<SessionView>, ProblemHttpResult> (HttpContext context, SessionTickets tickets) =>
        {
            // Only the key signs in: a cookie renewing itself would never expire.
            if (context.User.FindFirst(ClaimTypes.AuthenticationMethod)?.Value != "header")
            {
                return Problem.Create(StatusCodes.Status401Unauthorized, "Authentication required",
                    $"Sign in with the {ApiKeyAuthenticationHandler.HeaderName} header.", "unauthenticated");
            }

            var expires = tickets.Write(context.Response, context.Request.IsHttps);
            return TypedResults.Ok(new SessionView(true, expires));
        }).RequireAuthorization().ProducesProblems(401);
        // Never 401: the Studio asks on every load, and a 4xx is a console error in the browser (docs/api.md).
        api.MapGet("/", (HttpContext context) => TypedResults.Ok(new SessionView(context.User.Identity?.IsAuthenticated == true))).AllowAnonymous();
        api.MapDelete("/", (HttpContext context) =>
        {
            SessionTickets.Clear(context.Response, context.Request.IsHttps);
            return TypedResults.NoContent();
        }).AllowAnonymous();
        return api;
    }
}
