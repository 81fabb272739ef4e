namespace LoanJourney.Activities.Journey;

/// <summary>
/// The partner token share's <c>interest_type</c> / <c>interest_frequency</c> (partner document sample: <c>reducing</c>,
/// <c>yearly</c>) from what the lender says about the accepted offer. A lender value this table does not know gives
/// <see langword="null"/>, and the share leaves the field out rather than state a term the lender did not give.
/// </summary>
public static class InterestTerms
{
    /// <summary>The partner's word for a reducing-balance loan.</summary>
    public const string Reducing = "reducing";

    /// <summary>The partner's word for a flat-rate loan.</summary>
    public const string Flat = "flat";

    /// <summary>The partner's word for an annual rate.</summary>
    public const string Yearly = "yearly";

    /// <summary>
    /// Interest type from a Prism slab's <c>method</c> (the sample's <c>rb</c>: reducing balance) or a Sourcing v1 offer's
    /// <c>emiCalculationMethod</c> (documented as <c>flat_rate</c> or <c>reducing_balance</c>).
    /// </summary>
    public static string? InterestType(string? lenderMethod) => lenderMethod?.Trim().ToUpperInvariant() switch
    {
        "RB" or "REDUCING_BALANCE" or "REDUCING" => Reducing,
        "FR" or "FLAT_RATE" or "FLAT" => Flat,
        _ => null,
    };

    /// <summary>
    /// Sourcing v1 documents <c>annualInterest</c> ("Annual Interest Rate in Percentage"); the Prism offer's <c>interest</c>
    /// is the same annual percentage the accept-offer call sends back. Both are yearly.
    /// </summary>
    public static string? InterestFrequency(decimal? interest) => interest is null ? null : Yearly;
}
