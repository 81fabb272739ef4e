namespace LoanJourney.Sandbox;

/// <summary>
/// Keys the sandbox accepts. An empty value means any non-empty key is accepted, so a fresh checkout works
/// without secrets; a configured value must match exactly.
/// </summary>
public sealed class SandboxApiKeys
{
    /// <summary>FinBox Lender Prism v2 <c>x-api-key</c>.</summary>
    public string? FinBoxV2 { get; set; }

    /// <summary>FinBox Sourcing v1 <c>x-api-key</c>.</summary>
    public string? FinBoxV1 { get; set; }

    /// <summary>Capital Float <c>Authorization</c> token.</summary>
    public string? CapitalFloat { get; set; }

    /// <summary>Partner <c>Authorization</c> token.</summary>
    public string? Partner { get; set; }
}
