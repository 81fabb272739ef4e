using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace LoanJourney.Server.Auth;

internal sealed class RoleRequirementHandler : AuthorizationHandler<RoleRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, RoleRequirement requirement)
    {
        if (context.User.FindAll(ClaimTypes.Role).Any(c => Roles.Normalize(c.Value) is { } held && Roles.Satisfies(held, requirement.Role)))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
