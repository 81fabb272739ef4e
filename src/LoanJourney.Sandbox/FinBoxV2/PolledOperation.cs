using LoanJourney.Sandbox.Scenarios;

namespace LoanJourney.Sandbox.FinBoxV2;

/// <summary>
/// A triggered operation: answers <c>PROCESSING</c> for the configured number of polls, then
/// <c>ACTION_PENDING</c> for its action polls (if its attempt asks for a customer action), then <see cref="InManualReview"/>
/// for as many polls (if its attempt goes through the lender's manual review), then its final status.
/// Not thread-safe on its own: <see cref="FinBoxV2Store"/> guards it.
/// </summary>
internal sealed class PolledOperation(string referenceId, OperationKind kind, string customerId, OperationAttempt final, int processingPolls, int actionPolls)
{
    private int _processingLeft = processingPolls;
    private int _actionLeft = final.ActionPending ? actionPolls : 0;
    private int _reviewLeft = final.ManualReview ? actionPolls : 0;

    /// <summary>The interim status of an operation in manual review (the sandbox's own word; the GET answer shows it as FinBox does).</summary>
    public const string InManualReview = "MANUAL_REVIEW";

    public string ReferenceId { get; } = referenceId;

    public OperationKind Kind { get; } = kind;

    public string CustomerId { get; } = customerId;

    public OperationAttempt Final { get; } = final;

    public bool IsComplete => _processingLeft == 0 && _actionLeft == 0 && _reviewLeft == 0;

    public bool Succeeded => IsComplete && Final.Status is "SUCCESS" or "APPROVED";

    /// <summary>
    /// The status this poll sees; each poll uses up one interim answer, except that an action <paramref name="held"/>
    /// (the borrower has not finished the lender's session yet) stays <c>ACTION_PENDING</c> without using one up.
    /// </summary>
    public string Poll(bool held = false)
    {
        if (_processingLeft > 0)
        {
            _processingLeft--;
            return "PROCESSING";
        }

        if (_actionLeft > 0)
        {
            _actionLeft -= held ? 0 : 1;
            return "ACTION_PENDING";
        }

        if (_reviewLeft > 0)
        {
            _reviewLeft--;
            return InManualReview;
        }

        return Final.Status;
    }
}
