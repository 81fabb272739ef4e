namespace LoanJourney.Lenders.Common;

/// <summary>
/// One documented endpoint as data: where it is, and whether the resilience pipeline may repeat it on its own.
/// Calls that move money or create lender-side objects are not safe: the workflow retries them, with reconciliation.
/// </summary>
/// <param name="Lender">A <see cref="LenderNames"/> value.</param>
/// <param name="Name">The operation name used in logs, call records and classification tables (<c>FinBoxPrism.TriggerBre</c>).</param>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">Path relative to the lender's base URL, as documented.</param>
/// <param name="SafeToRetry">True when an automatic retry cannot duplicate an effect. False binds the step's retry too: after a
/// lost answer a step sends it again only when the lender deduplicates it (<see cref="DuplicateAnswer"/>) or the activity
/// reconciles first; otherwise an incident lets the operator decide (docs/lenders.md, Resilience).</param>
/// <param name="Why">The reason for <paramref name="SafeToRetry"/>, for docs/lenders.md and reviewers.</param>
public sealed record LenderOperation(string Lender, string Name, string Method, string Path, bool SafeToRetry, string Why)
{
    /// <summary>
    /// The lender's documented answer to a repeat of this request it already took (FinBox <c>FBX-S-208</c> "Request Already
    /// Reported"), or <see langword="null"/> when the document names none. Set only where a repeat is deduplicated by the
    /// lender: after a lost answer the workflow may send the same request again to learn the first one's outcome
    /// (docs/journeys.md, "Resending a deduplicated trigger").
    /// </summary>
    public string? DuplicateAnswer { get; init; }
}
