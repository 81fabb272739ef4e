using LoanJourney.Server.Http;
using LoanJourney.Server.Logging;
using LoanJourney.Server.Problems;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace LoanJourney.Server.Auth;

/// <summary>Turns a forbidden answer into a 403 problem that names the role needed and the roles held.</summary>
internal sealed class ForbiddenAsProblem(ILogger<ForbiddenAsProblem> logger) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (!authorizeResult.Forbidden || context.User.Identity?.IsAuthenticated != true)
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        // The strongest role refused: a partner-scoped principal fails a group's Viewer and its endpoint's Admin alike (PartnerScope).
        var needed = Roles.Strongest(authorizeResult.AuthorizationFailure?.FailedRequirements.OfType<RoleRequirement>().Select(r => r.Role) ?? [])
            ?? policy.Requirements.OfType<RoleRequirement>().FirstOrDefault()?.Role ?? Roles.Admin;
        // Every role held (session 46): `roles`, and `role` the strongest of them for clients that read one.
        var held = context.User.Roles();
        var name = context.User.Identity?.Name ?? "unknown";
        // Masked as the request line is: a refused erasure's path names the borrower.
        ServerLog.Forbidden(logger, name, Roles.Describe(held), needed, context.Request.Method, MaskedUrl.Path(context.Request.Path.Value));
        var partner = context.User.Partner();
        var extensions = new Dictionary<string, object?> { ["requiredRole"] = needed, ["role"] = Roles.First(held), ["roles"] = held };
        if (partner is not null)
        {
            extensions["partner"] = partner;
        }

        var problem = Problem.Create(StatusCodes.Status403Forbidden, "Role required",
            held.Count == 0
                ? $"This needs the {needed} role; '{name}' has no role (for a token: the role claim is missing or names no known role)."
                : partner is not null && Roles.SatisfiedByAny(held, needed)
                    // PartnerScope: the role is held, but not for the team's surface.
                    ? $"This needs the {needed} role unscoped; '{name}' is {Roles.Describe(held)} scoped to partner '{partner}', which starts, lists, reads, signals and cancels its own journeys only."
                    : $"This needs the {needed} role; '{name}' is {Roles.Describe(held)}.",
            "role_required", extensions: extensions);
        await problem.ExecuteAsync(context);
    }
}
