using System.Security.Claims;

namespace LoanJourney.Server.Auth;

/// <summary>
/// The one shape of a signed-in principal, whatever the scheme: <see cref="ClaimTypes.Name"/> (read as
/// <c>HttpContext.User.Identity.Name</c> for authorship and the audit trail), <see cref="ClaimTypes.Role"/> once per role held (<see cref="Roles.Held"/>), and how they
/// signed in (<c>header</c>, <c>session</c>, <c>bearer</c>), and <see cref="PartnerClaim"/> for a principal scoped to a
/// partner (<see cref="PartnerScope"/>).
/// </summary>
internal static class PrincipalClaims
{
    public const string Header = "header";
    public const string Session = "session";
    public const string Bearer = "bearer";

    /// <summary>The claim naming the partner a principal is scoped to (ours, whatever the identity provider calls it).</summary>
    public const string PartnerClaim = "loanjourney:partner";

    /// <summary>
    /// Which sign-in (the audit trail's <c>authId</c>): the key's principal name, the session's id, the token's subject.
    /// Never a key, a cookie or a token.
    /// </summary>
    public const string SignInClaim = "loanjourney:sign-in";

    public static ClaimsPrincipal Create(string name, IEnumerable<string> roles, string method, string scheme, string? partner = null, string? signIn = null)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, name), new(ClaimTypes.AuthenticationMethod, method) };
        if (signIn is not null)
        {
            claims.Add(new Claim(SignInClaim, signIn));
        }

        claims.AddRange(Auth.Roles.Held(roles).Select(role => new Claim(ClaimTypes.Role, role)));

        if (partner is not null)
        {
            claims.Add(new Claim(PartnerClaim, partner));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, ClaimTypes.Name, ClaimTypes.Role));
    }

    public static string Name(this ClaimsPrincipal user) => user.Identity?.Name ?? "unknown";

    /// <summary>Every role <paramref name="user"/> holds, strongest first (<see cref="Auth.Roles.Held"/>); empty: none.</summary>
    public static IReadOnlyList<string> Roles(this ClaimsPrincipal user) => Auth.Roles.Held(user.FindAll(ClaimTypes.Role).Select(c => c.Value));

    /// <summary>The strongest role <paramref name="user"/> holds: what single-role answers (<c>role</c>) carry beside <c>roles</c>.</summary>
    public static string? Role(this ClaimsPrincipal user) => Auth.Roles.First(user.Roles());

    /// <summary>The partner <paramref name="user"/> is scoped to, or null for an unscoped principal.</summary>
    public static string? Partner(this ClaimsPrincipal user) => user.FindFirst(PartnerClaim)?.Value;

    public static string? Method(this ClaimsPrincipal user) => user.FindFirst(ClaimTypes.AuthenticationMethod)?.Value;

    /// <summary>See <see cref="SignInClaim"/>.</summary>
    public static string? SignIn(this ClaimsPrincipal user) => user.FindFirst(SignInClaim)?.Value;
}
