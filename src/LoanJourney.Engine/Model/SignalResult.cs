namespace LoanJourney.Engine.Model;

/// <summary>
/// What the waiting step did with a sensitive signal, in the call that brought it, or that a durable signal was stored for it
/// (<see cref="SignalAnswer"/>): every accepted signal is answered with one of these.
/// </summary>
public enum SignalResult
{
    /// <summary>The step took it and moved on: it completed (<see cref="SignalAnswer.StepOutcome"/>), or waits for something else.</summary>
    Taken,

    /// <summary>The step did not take it and waits for the same signal again (a wrong OTP, a lender that could not verify it now).</summary>
    AskedAgain,

    /// <summary>The step's attempt failed with it (a retry is scheduled or an incident raised); <see cref="SignalAnswer.Reason"/> is the error kind.</summary>
    Failed,

    /// <summary>
    /// A durable signal: stored for the waiting step, which the dispatcher runs after the call returns. Nothing is known of its
    /// outcome yet (the journey's state and journal say what came of it); the sender must not send it again.
    /// </summary>
    Queued,
}
