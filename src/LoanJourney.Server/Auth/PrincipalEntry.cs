namespace LoanJourney.Server.Auth;

/// <summary>One <c>Server:Principals</c> entry: who, which role or roles, and the SHA-256 (hex) of their API key — never the key.</summary>
public sealed class PrincipalEntry
{
    public string Name { get; set; } = "";

    /// <summary>The principal's one role; or give <see cref="Roles"/> instead (not both).</summary>
    public string? Role { get; set; }

    /// <summary>
    /// The principal's roles when it holds more than one (session 46), e.g. <c>["Operator", "Auditor"]</c>: it may do what
    /// any of them allows. An entry gives <see cref="Role"/> or this, not both (docs/server.md, "Principals and keys").
    /// </summary>
    public string[]? Roles { get; set; }

    public string KeySha256 { get; set; } = "";

    /// <summary>
    /// The sourcing partner this principal is scoped to (docs/server.md, "Partner scope"), or null for a principal of the
    /// team that runs the deployment. A scoped principal starts journeys and lists, reads, signals and cancels the journeys
    /// its partner started, and nothing else.
    /// </summary>
    public string? Partner { get; set; }
}
