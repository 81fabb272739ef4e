namespace LoanJourney.Engine.Model;

/// <summary>
/// What the waiting step did with a sensitive signal, known when the call that brought it returns: the payload lives only in
/// that call (it is never stored), so the step ran in it, and a signal that was not taken can only be sent again by its sender.
/// A durable signal is answered <see cref="SignalResult.Queued"/> with no other field: it is stored and the step runs later.
/// Never carries the payload: a reason or message that quotes one of its values is left out (docs/engine.md, "Sensitive signals").
/// </summary>
/// <param name="Signal">The signal's name.</param>
/// <param name="Result">Taken, asked for again, failed, or (a durable signal) queued.</param>
public sealed record SignalAnswer(string Signal, SignalResult Result)
{
    /// <summary>The step's outcome when it completed with the signal (<see cref="SignalResult.Taken"/>); null otherwise.</summary>
    public string? StepOutcome { get; init; }

    /// <summary>
    /// A stable code for why the signal was not taken: the activity's (<see cref="Activities.ActivityContext.AskAgain"/>, e.g.
    /// <c>LenderUnavailable</c>, <c>OtpIncorrect</c>) or, for <see cref="SignalResult.Failed"/>, the error kind; null when none was given.
    /// </summary>
    public string? Reason { get; init; }

    /// <summary>The activity's words for the sender (no PII, never the payload); null when none was given.</summary>
    public string? Message { get; init; }

    /// <summary>How many more times the step takes the signal before it gives up, when the activity counts them.</summary>
    public int? AttemptsLeft { get; init; }
}
