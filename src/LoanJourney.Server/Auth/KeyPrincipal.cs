namespace LoanJourney.Server.Auth;

/// <summary>A principal that signs in with an API key: its name, role, the key's SHA-256 and the partner it is scoped to (null: unscoped).</summary>
internal sealed record KeyPrincipal(string Name, string Role, byte[] KeyHash, string? Partner = null);
