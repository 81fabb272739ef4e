using Microsoft.AspNetCore.Authorization;

namespace LoanJourney.Server.Auth;

/// <summary>
/// Named authorization policies, one per role, hierarchical (<see cref="Roles.Satisfies"/>). Endpoint groups say what
/// they need with <c>.RequireAuthorization(Policies.Operator)</c>; a caller without the role gets a 403 problem naming it.
/// </summary>
public static class Policies
{
    public const string Viewer = Roles.Viewer;
    public const string Operator = Roles.Operator;
    public const string Designer = Roles.Designer;
    public const string Auditor = Roles.Auditor;
    public const string Admin = Roles.Admin;

    internal static void Add(AuthorizationOptions options)
    {
        foreach (var role in Roles.All)
        {
            options.AddPolicy(role, p => p.RequireAuthenticatedUser().AddRequirements(new RoleRequirement(role)));
        }

        // A bare .RequireAuthorization() means "any signed-in principal with a role": Viewer.
        options.DefaultPolicy = options.GetPolicy(Viewer)!;
    }
}
