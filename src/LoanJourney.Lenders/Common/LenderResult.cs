namespace LoanJourney.Lenders.Common;

/// <summary>
/// One lender answer, classified. Activities branch on <see cref="Kind"/>; <see cref="LenderCode"/>, <see cref="Message"/>
/// and <see cref="HttpStatus"/> keep the lender's own words for the journal and for operators.
/// </summary>
/// <typeparam name="T">The typed body as documented by the lender.</typeparam>
public sealed record LenderResult<T>
{
    /// <summary>The classification activities branch on.</summary>
    public required LenderResultKind Kind { get; init; }

    /// <summary>The lender's own status code (<c>GEO-S-002</c>, <c>FBX-E-004</c>, <c>-900</c>, <c>1</c>, <c>HTTP 409</c> …), or a local code
    /// (<c>TIMEOUT</c>, <c>NETWORK</c>, <c>CIRCUIT_OPEN</c>, <c>FILE_TOO_LARGE</c>) when no answer came.</summary>
    public string? LenderCode { get; init; }

    /// <summary>The lender's message (error text, rejection reason), PII-scrubbed.</summary>
    public string? Message { get; init; }

    /// <summary>
    /// The code table's advice to an operator for this answer (<see cref="LenderCodeRule.Hint"/>), e.g. why Capital Float
    /// refuses a block's release; null when the table has none.
    /// </summary>
    public string? Hint { get; init; }

    /// <summary>The HTTP status of the final attempt; null when no answer came.</summary>
    public int? HttpStatus { get; init; }

    /// <summary>The typed body, when the lender sent one that matched the documented shape.</summary>
    public T? Body { get; init; }

    /// <summary>
    /// True when the request may have reached the lender but no answer came back (timeout, broken connection):
    /// for calls that move money or create lender-side objects the workflow must reconcile before sending again.
    /// </summary>
    public bool OutcomeUnknown { get; init; }

    /// <summary>
    /// The documented endpoint called (its <see cref="LenderOperation.SafeToRetry"/> and <see cref="LenderOperation.DuplicateAnswer"/>):
    /// whether a step may send it again after <see cref="OutcomeUnknown"/> without reconciling. Null when not known (not safe).
    /// </summary>
    public LenderOperation? Operation { get; init; }

    /// <summary>
    /// Set when the call was not sent because the lender's circuit is open: how long until the breaker lets a trial call through.
    /// The workflow waits that long on a durable timer instead of spending one of the step's attempts.
    /// </summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>
    /// Set when the answer says our configuration is wrong, nothing about the borrower (the lender refuses our credentials, or the
    /// path is not its API; <see cref="LenderMisconfiguration"/>): the setting to fix, e.g. <c>Lenders:FinBoxPrism:ApiKey</c> or
    /// <c>Lenders:CapitalFloat:BaseUrl</c>, never its value. <see cref="Kind"/> is then <see cref="LenderResultKind.TerminalFailure"/>.
    /// </summary>
    public string? MisconfiguredSetting { get; init; }

    /// <summary>
    /// Set with <see cref="RetryAfter"/>: the API whose circuit is open, as its settings section under <c>Lenders:</c> names it
    /// (<c>FinBoxPrism</c>, <c>Partners:acme</c>): one breaker per API, so the journeys waiting it out are found by this name.
    /// </summary>
    public string? Api { get; init; }

    /// <summary>True when <see cref="Kind"/> is <see cref="LenderResultKind.Success"/>.</summary>
    public bool IsSuccess => Kind == LenderResultKind.Success;
}
