namespace LoanJourney.Server.Auth;

/// <summary>
/// A principal that signs in with an API key: its name, the roles it holds (<see cref="Roles.Held"/>: known, canonical,
/// strongest first; one or more), the key's SHA-256 and the partner it is scoped to (null: unscoped).
/// </summary>
internal sealed record KeyPrincipal(string Name, IReadOnlyList<string> Roles, byte[] KeyHash, string? Partner = null)
{
    public KeyPrincipal(string name, string role, byte[] keyHash, string? partner = null)
        : this(name, [role], keyHash, partner)
    {
    }
}
