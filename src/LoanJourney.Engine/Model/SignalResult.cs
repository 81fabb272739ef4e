namespace LoanJourney.Engine.Model;

/// <summary>What the waiting step did with a sensitive signal, in the call that brought it (<see cref="SignalAnswer"/>).</summary>
public enum SignalResult
{
    /// <summary>The step took it and moved on: it completed (<see cref="SignalAnswer.StepOutcome"/>), or waits for something else.</summary>
    Taken,

    /// <summary>The step did not take it and waits for the same signal again (a wrong OTP, a lender that could not verify it now).</summary>
    AskedAgain,

    /// <summary>The step's attempt failed with it (a retry is scheduled or an incident raised); <see cref="SignalAnswer.Reason"/> is the error kind.</summary>
    Failed,
}
