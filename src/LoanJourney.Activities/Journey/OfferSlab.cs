namespace LoanJourney.Activities.Journey;

/// <summary>One slab of a lender offer: an amount range at a fixed tenure (months) and interest.</summary>
public sealed record OfferSlab(decimal MinAmount, decimal MaxAmount, int Tenure, decimal Interest);
