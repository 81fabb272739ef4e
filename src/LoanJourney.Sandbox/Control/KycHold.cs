namespace LoanJourney.Sandbox.Control;

/// <summary>
/// Body of <c>PUT /sandbox/finbox/users/{customerID}/kyc-hold</c>: while <see cref="Hold"/> is true, that customer's
/// KYC answers <c>ACTION_PENDING</c> (scenario 0002) on every poll, as FinBox does until the borrower finishes the
/// session; false lets the remaining action polls run out.
/// </summary>
internal sealed record KycHold(bool Hold);
