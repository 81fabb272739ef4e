namespace LoanJourney.Activities.Journey;

/// <summary>What the policy accepts: an amount inside <paramref name="Slab"/> at its tenure and interest.</summary>
/// <param name="Slab">The chosen slab.</param>
/// <param name="Amount">The amount, within the slab's range.</param>
/// <param name="Clamped">True when the requested amount or tenure had to be moved to fit the slab.</param>
public sealed record OfferSelection(OfferSlab Slab, decimal Amount, bool Clamped)
{
    /// <summary>The slab's tenure in months.</summary>
    public int Tenure => Slab.Tenure;

    /// <summary>The slab's interest.</summary>
    public decimal Interest => Slab.Interest;
}
