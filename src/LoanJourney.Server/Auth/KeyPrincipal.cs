namespace LoanJourney.Server.Auth;

/// <summary>A principal that signs in with an API key: its name, role and the key's SHA-256.</summary>
internal sealed record KeyPrincipal(string Name, string Role, byte[] KeyHash);
