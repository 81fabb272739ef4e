using Microsoft.AspNetCore.Authorization;

namespace LoanJourney.Server.Auth;

/// <summary>Needs <see cref="Role"/> or a role that holds it (<see cref="Roles.Satisfies"/>).</summary>
internal sealed record RoleRequirement(string Role) : IAuthorizationRequirement;
