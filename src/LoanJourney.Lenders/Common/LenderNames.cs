namespace LoanJourney.Lenders.Common;

/// <summary>Lender names: configuration section names under <c>Lenders:</c>, client names, and the <c>Lender</c> of call records.</summary>
public static class LenderNames
{
    /// <summary>FinBox Lender Prism v2.</summary>
    public const string FinBoxPrism = "FinBoxPrism";

    /// <summary>FinBox Sourcing Entity v1.</summary>
    public const string FinBoxSourcing = "FinBoxSourcing";

    /// <summary>Capital Float pay-later.</summary>
    public const string CapitalFloat = "CapitalFloat";

    /// <summary>The sourcing partner (token sharing and handshake).</summary>
    public const string Partner = "Partner";

    /// <summary>The section under <c>Lenders:</c> holding one partner API per sourcing partner (<c>Lenders:Partners:acme</c>).</summary>
    public const string Partners = "Partners";

    /// <summary>A sourcing partner's own API: its options, HTTP client and resilience pipeline name (<c>Partners:acme</c>), the
    /// section under <c>Lenders:</c>. Its calls are recorded as <see cref="Partner"/>'s.</summary>
    public static string PartnerOf(string partner) => Partners + ":" + partner;
}
