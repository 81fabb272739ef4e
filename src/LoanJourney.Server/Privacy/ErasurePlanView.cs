namespace LoanJourney.Server.Privacy;

/// <summary>What an erasure of one borrower would do now (<c>POST /api/borrowers/{customerId}/erasure/dry-run</c>).</summary>
/// <param name="CustomerHash">The hash the audit trail and the redacted journeys keep of the customer id.</param>
/// <param name="Journeys">The borrower's journeys, oldest first.</param>
/// <param name="InFlight">Journeys running, waiting or faulted: the erasure answers 409 for them unless <c>cancelFirst</c>.</param>
/// <param name="Refused">Journeys past their point of no return: even with <c>cancelFirst</c> the erasure is refused while they run.</param>
internal sealed record ErasurePlanView(string CustomerHash, IReadOnlyList<ErasurePlanJourneyView> Journeys, IReadOnlyList<string> InFlight, IReadOnlyList<string> Refused);
