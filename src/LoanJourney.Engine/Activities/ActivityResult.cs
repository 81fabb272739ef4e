using System.Text.Json.Nodes;

namespace LoanJourney.Engine.Activities;

/// <summary>What an activity did: completed, suspended or failed. Create with the static factories.</summary>
public abstract record ActivityResult
{
    /// <summary>The outcome used when an activity declares none.</summary>
    public const string DefaultOutcome = "Done";

    private protected ActivityResult()
    {
    }

    /// <summary>Completes the step with <paramref name="outcome"/> and an optional JSON output.</summary>
    public static ActivityResult Complete(string outcome = DefaultOutcome, JsonNode? output = null) => new Completed(outcome, output);

    /// <summary>
    /// Completes the step after a resumption that only <b>read</b>: a poll whose answer was final, which sent nothing a lender could act
    /// on, so that running the resumption again from the instance's last commit gives the same transition. The engine may then keep
    /// this completion in memory and commit it together with the next step's transition instead of on its own (one commit fewer per
    /// poll), after checking that nothing moved the stored row (a cancel). A crash in between loses the completion and the poll is simply
    /// sent again. Honoured only for a resumption by a timer whose next step is another step (docs/engine.md, "A poll that finds
    /// its operation done rides with the next step's commit").
    /// </summary>
    public static ActivityResult CompleteReadOnly(string outcome = DefaultOutcome, JsonNode? output = null) => new Completed(outcome, output) { ReadOnly = true };

    /// <summary>Ends the journey with a journey outcome name such as <c>Disbursed</c> or <c>Rejected</c>.</summary>
    public static ActivityResult EndJourney(string journeyOutcome) => new Ended(journeyOutcome);

    /// <summary>Suspends the step until the first of <paramref name="bookmarks"/> fires.</summary>
    public static ActivityResult Suspend(params BookmarkRequest[] bookmarks)
    {
        ArgumentNullException.ThrowIfNull(bookmarks);
        if (bookmarks.Length == 0)
        {
            throw new ArgumentException("A suspension needs at least one bookmark.", nameof(bookmarks));
        }

        return new Suspended(bookmarks);
    }

    /// <summary>
    /// Suspends again after a resumption that only <b>read</b>: a poll whose answer was "still processing", which sent nothing a
    /// lender could act on and changed nothing in the step's state, variables or outputs. Nothing it did has to be durable
    /// before the instance's next commit, so the engine may keep this suspension in memory and carry its journal entries (the
    /// poll's lender call) to that commit instead of committing now (<see cref="Runtime.EngineOptions.ReadOnlyPollJournalDelay"/>);
    /// a crash in between loses those entries and the poll is simply sent again. The engine commits as usual whenever the
    /// suspension changes anything stored, so a mislabelled suspension costs a commit, never state.
    /// </summary>
    public static ActivityResult SuspendReadOnly(params BookmarkRequest[] bookmarks) => ((Suspended)Suspend(bookmarks)) with { ReadOnly = true };

    /// <summary>Fails the attempt. Retryable failures follow the step's retry policy; others raise an incident at once.</summary>
    /// <param name="errorKind">A stable error kind, e.g. <c>LenderTimeout</c>; matched against non-retryable kinds.</param>
    /// <param name="message">A message without PII.</param>
    /// <param name="retryable">Whether another attempt may succeed.</param>
    /// <param name="details">Optional masked details (last request/response) stored with the incident.</param>
    public static ActivityResult Fail(string errorKind, string message, bool retryable = true, JsonNode? details = null) =>
        new Failed(errorKind, message, retryable, details);

    /// <summary>
    /// Fails the attempt because a dependency refuses calls for a known time (a lender's open circuit breaker): the step waits
    /// <paramref name="deferFor"/> on a durable timer and runs again <b>without spending an attempt</b>, as nothing was tried. After
    /// <see cref="Runtime.EngineOptions.MaxStepDeferral"/> since the step began, it counts as an ordinary retryable failure.
    /// </summary>
    /// <param name="errorKind">A stable error kind, e.g. <c>LenderUnavailable</c>.</param>
    /// <param name="message">A message without PII.</param>
    /// <param name="deferFor">How long until the dependency accepts calls again.</param>
    /// <param name="details">Optional masked details stored with an incident, should one be raised later.</param>
    /// <param name="waitingOn">
    /// What refuses the calls, by a name an operator filters on (a lender API's settings section, <c>FinBoxPrism</c> or
    /// <c>Partners:acme</c>: its circuit breaker); null: the <paramref name="errorKind"/> stands for it.
    /// </param>
    public static ActivityResult Defer(string errorKind, string message, TimeSpan deferFor, JsonNode? details = null, string? waitingOn = null) =>
        new Failed(errorKind, message, true, details)
        {
            DeferFor = deferFor > TimeSpan.Zero ? deferFor : TimeSpan.Zero,
            WaitingOn = string.IsNullOrEmpty(waitingOn) ? errorKind : waitingOn,
        };

    /// <summary>A completed step.</summary>
    public sealed record Completed(string Outcome, JsonNode? Output) : ActivityResult
    {
        /// <summary>Set by <see cref="CompleteReadOnly"/>: the resumption only read; its commit may ride with the next step's.</summary>
        public bool ReadOnly { get; init; }
    }

    /// <summary>A step that ends the journey.</summary>
    public sealed record Ended(string JourneyOutcome) : ActivityResult;

    /// <summary>A suspended step.</summary>
    public sealed record Suspended(IReadOnlyList<BookmarkRequest> Bookmarks) : ActivityResult
    {
        /// <summary>Set by <see cref="SuspendReadOnly"/>: the resumption only read; its commit may wait for the next one.</summary>
        public bool ReadOnly { get; init; }
    }

    /// <summary>A failed attempt.</summary>
    public sealed record Failed(string ErrorKind, string Message, bool Retryable, JsonNode? Details) : ActivityResult
    {
        /// <summary>Set by <see cref="Defer"/>: nothing was tried; run the step again after this long without counting an attempt.</summary>
        public TimeSpan? DeferFor { get; init; }

        /// <summary>Set by <see cref="Defer"/>: what the deferred step waits on (the deferral timer's key, which the journeys list filters by).</summary>
        public string? WaitingOn { get; init; }
    }
}
