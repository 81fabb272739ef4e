using LoanJourney.Activities.Journey;

namespace LoanJourney.Activities.Tests.Journey;

public sealed class OfferSelectionPolicyTests
{
    // The sandbox's slabs: 50k-100k over 8 months, 100k-200k over 12 months, both at 25 %.
    private static readonly OfferSlab Short = new(50_000m, 100_000m, 8, 25m);
    private static readonly OfferSlab Long = new(100_000m, 200_000m, 12, 25m);
    private static readonly OfferSlab[] Slabs = [Short, Long];

    [Fact]
    public void Select_NothingRequested_BestSlabAtItsMaximum()
    {
        var selection = OfferSelectionPolicy.Select(Slabs);

        Assert.Equal((Long, 200_000m, false), (selection!.Slab, selection.Amount, selection.Clamped));
    }

    [Fact]
    public void Select_AmountInsideASlab_KeepsTheAmount()
    {
        var selection = OfferSelectionPolicy.Select(Slabs, requestedAmount: 75_000m);

        Assert.Equal((Short, 75_000m, false), (selection!.Slab, selection.Amount, selection.Clamped));
    }

    [Fact]
    public void Select_AmountAboveEverySlab_ClampedToTheNearestMaximum()
    {
        var selection = OfferSelectionPolicy.Select(Slabs, requestedAmount: 500_000m);

        Assert.Equal((Long, 200_000m, true), (selection!.Slab, selection.Amount, selection.Clamped));
    }

    [Fact]
    public void Select_AmountBelowEverySlab_ClampedToTheNearestMinimum()
    {
        var selection = OfferSelectionPolicy.Select(Slabs, requestedAmount: 10_000m);

        Assert.Equal((Short, 50_000m, true), (selection!.Slab, selection.Amount, selection.Clamped));
    }

    [Fact]
    public void Select_AmountAndTenure_AmountClampedIntoTheSlabOfThatTenure()
    {
        var selection = OfferSelectionPolicy.Select(Slabs, requestedAmount: 150_000m, requestedTenure: 8);

        Assert.Equal((Short, 100_000m, true), (selection!.Slab, selection.Amount, selection.Clamped));
    }

    [Fact]
    public void Select_TenureNoSlabHas_NearestTenureLongerOnATie()
    {
        var selection = OfferSelectionPolicy.Select(Slabs, requestedTenure: 10);

        Assert.Equal((Long, 200_000m, true), (selection!.Slab, selection.Amount, selection.Clamped));
    }

    [Fact]
    public void Select_OnlyTenure_BestSlabOfThatTenureAtItsMaximum()
    {
        var selection = OfferSelectionPolicy.Select(Slabs, requestedTenure: 8);

        Assert.Equal((Short, 100_000m, false), (selection!.Slab, selection.Amount, selection.Clamped));
    }

    [Fact]
    public void Select_OverlappingSlabs_LowestInterestWins()
    {
        var cheap = new OfferSlab(50_000m, 150_000m, 12, 18m);

        var selection = OfferSelectionPolicy.Select([Long, cheap], requestedAmount: 120_000m);

        Assert.Equal((cheap, 120_000m), (selection!.Slab, selection.Amount));
    }

    [Fact]
    public void Select_NoUsableSlab_Null()
    {
        Assert.Null(OfferSelectionPolicy.Select([]));
        Assert.Null(OfferSelectionPolicy.Select([new OfferSlab(200m, 100m, 12, 10m), new OfferSlab(0m, 100m, 0, 10m)]));
    }
}
