namespace LoanJourney.Server.Auth;

/// <summary>One <c>Server:Principals</c> entry: who, which role, and the SHA-256 (hex) of their API key — never the key.</summary>
public sealed class PrincipalEntry
{
    public string Name { get; set; } = "";

    public string Role { get; set; } = "";

    public string KeySha256 { get; set; } = "";
}
