using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace LoanJourney.Server.Auth;

/// <summary>
/// Grants a role requirement to a principal holding the role (<see cref="Roles.Satisfies"/>); a partner-scoped principal
/// only on the endpoints marked <see cref="PartnerScope.AllowPartners{TBuilder}"/> (everything else is the team's surface).
/// </summary>
internal sealed class RoleRequirementHandler : AuthorizationHandler<RoleRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, RoleRequirement requirement)
    {
        if (context.User.FindAll(ClaimTypes.Role).Any(c => Roles.Normalize(c.Value) is { } held && Roles.Satisfies(held, requirement.Role))
            && (context.User.Partner() is null || PartnerScope.Allows(context.Resource)))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
