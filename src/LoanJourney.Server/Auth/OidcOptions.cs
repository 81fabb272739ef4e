namespace LoanJourney.Server.Auth;

/// <summary><c>Server:Oidc</c>: bearer tokens from an organisation's identity provider, beside the API keys.</summary>
internal sealed class OidcOptions
{
    /// <summary>The issuer; its discovery document gives the signing keys. Empty turns bearer tokens off.</summary>
    public string? Authority { get; set; }

    /// <summary>The audience the tokens must be issued for (this API's client id or resource).</summary>
    public string? Audience { get; set; }

    /// <summary>The claim holding the roles (Viewer, Operator, Designer, Auditor, Admin; several values: the principal holds each).</summary>
    public string RoleClaim { get; set; } = "role";

    /// <summary>The claim naming the principal in the audit trail; <c>sub</c> when the token lacks it.</summary>
    public string NameClaim { get; set; } = "preferred_username";

    /// <summary>
    /// The claim naming the partner a token's principal is scoped to (docs/server.md, "Partner scope"); null or empty: tokens
    /// are never scoped. A token without the claim is unscoped.
    /// </summary>
    public string? PartnerClaim { get; set; }

    /// <summary>Whether the discovery document must come over HTTPS (always true outside Development).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);
}
