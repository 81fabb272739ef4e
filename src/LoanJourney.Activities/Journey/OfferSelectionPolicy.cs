namespace LoanJourney.Activities.Journey;

/// <summary>
/// Chooses what to accept from an offer's slabs. Pure and deterministic:
/// <list type="bullet">
/// <item>nothing requested: the best slab (highest maximum amount, then lowest interest, then longest tenure) at its maximum;</item>
/// <item>a tenure requested: only slabs of that tenure, or of the nearest tenure when none has it (ties: the longer);</item>
/// <item>an amount requested: a slab whose range holds it (lowest interest, then shortest tenure), otherwise the slab whose
/// range is nearest, with the amount clamped into it;</item>
/// <item>only a tenure requested: the best slab of that tenure at its maximum.</item>
/// </list>
/// Slabs with an empty or inverted range, or a non-positive tenure, are ignored.
/// </summary>
public static class OfferSelectionPolicy
{
    /// <summary>The selection, or null when no slab is usable.</summary>
    public static OfferSelection? Select(IEnumerable<OfferSlab> slabs, decimal? requestedAmount = null, int? requestedTenure = null)
    {
        ArgumentNullException.ThrowIfNull(slabs);
        var usable = slabs.Where(s => s.MinAmount >= 0 && s.MaxAmount > 0 && s.MinAmount <= s.MaxAmount && s.Tenure > 0).ToList();
        if (usable.Count == 0)
        {
            return null;
        }

        var tenureClamped = false;
        if (requestedTenure is { } tenure)
        {
            var nearest = usable.Min(s => Math.Abs(s.Tenure - tenure));
            var chosenTenure = usable.Where(s => Math.Abs(s.Tenure - tenure) == nearest).Max(s => s.Tenure);
            tenureClamped = chosenTenure != tenure;
            usable = usable.Where(s => s.Tenure == chosenTenure).ToList();
        }

        if (requestedAmount is not { } amount)
        {
            var best = usable
                .OrderByDescending(s => s.MaxAmount)
                .ThenBy(s => s.Interest)
                .ThenByDescending(s => s.Tenure)
                .First();
            return new OfferSelection(best, best.MaxAmount, tenureClamped);
        }

        var slab = usable
            .OrderBy(s => Distance(s, amount))
            .ThenBy(s => s.Interest)
            .ThenBy(s => s.Tenure)
            .ThenByDescending(s => s.MaxAmount)
            .First();
        var accepted = Math.Clamp(amount, slab.MinAmount, slab.MaxAmount);
        return new OfferSelection(slab, accepted, tenureClamped || accepted != amount);
    }

    private static decimal Distance(OfferSlab slab, decimal amount) =>
        amount < slab.MinAmount ? slab.MinAmount - amount
        : amount > slab.MaxAmount ? amount - slab.MaxAmount
        : 0m;
}
