namespace LoanJourney.Activities.Journey;

/// <summary>One slab of a lender offer: an amount range at a fixed tenure (months) and interest, with the lender's interest method (Prism <c>method</c>, e.g. <c>rb</c>).</summary>
public sealed record OfferSlab(decimal MinAmount, decimal MaxAmount, int Tenure, decimal Interest, string? Method = null);
