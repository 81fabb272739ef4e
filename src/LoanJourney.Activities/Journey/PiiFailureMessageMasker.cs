using LoanJourney.Engine.Activities;
using LoanJourney.Lenders.Common;

namespace LoanJourney.Activities.Journey;

/// <summary>
/// A failed step's message with PAN, Aadhaar, mobile, email and GSTIN patterns masked (<see cref="Pii.ScrubText"/>) before the
/// engine keeps it: an exception's text quoting the borrower (<c>Could not score PAN ABCDE1234F</c>) is journaled and shown as
/// <c>XXXXX1234F</c>. Lender messages are scrubbed where they are read already; scrubbing again changes nothing.
/// </summary>
public sealed class PiiFailureMessageMasker : IFailureMessageMasker
{
    /// <inheritdoc />
    public string Mask(string message) => Pii.ScrubText(message);
}
