namespace LoanJourney.Sandbox.FinBoxV2;

/// <summary>The offer a FinBox v2 customer accepted; it becomes the loan application.</summary>
internal sealed record AcceptedOffer(string OfferId, decimal Amount, int Tenure, decimal Interest);
