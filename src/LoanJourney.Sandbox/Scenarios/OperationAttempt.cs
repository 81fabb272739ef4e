namespace LoanJourney.Sandbox.Scenarios;

/// <summary>How one triggered async operation ends.</summary>
/// <param name="Status">The final status as the lender writes it (<c>SUCCESS</c>, <c>REJECTED</c>, <c>FAILED</c>, <c>APPROVED</c> …).</param>
/// <param name="Detail">Rejection reason, banking <c>errorCode</c> or KYC message, when the status carries one.</param>
/// <param name="ActionPending">Whether the operation asks for a customer action (<c>ACTION_PENDING</c>) before it ends.</param>
/// <param name="ManualReview">Whether KYC sits in the lender's manual review (<c>manualReviewRequired</c>) before it ends.</param>
internal sealed record OperationAttempt(string Status, string? Detail = null, bool ActionPending = false, bool ManualReview = false);
