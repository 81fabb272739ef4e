namespace LoanJourney.Engine.Errors;

/// <summary>
/// A cancel that cannot undo what the journey did: a step whose activity declares a point of no return completed with one
/// of its outcomes (the money moved), or its once-only call may be out right now (docs/engine.md "Point of no return").
/// The journey goes on to its end; an operator can still abandon it.
/// </summary>
public sealed class PastPointOfNoReturnException : WorkflowEngineException
{
    /// <summary>Past the step's outcome: it completed (or was skipped) with <paramref name="outcome"/>.</summary>
    public PastPointOfNoReturnException(string instanceId, string stepId, string activity, string outcome)
        : base("past_point_of_no_return",
            $"Cannot cancel instance '{instanceId}': step '{stepId}' ({activity}) ended {outcome}, and a cancel cannot undo that. The journey goes on to its end.")
    {
        InstanceId = instanceId;
        StepId = stepId;
        Outcome = outcome;
    }

    /// <summary>While the step's once-only call may be out (its intent saved, no failure answered).</summary>
    public PastPointOfNoReturnException(string instanceId, string stepId, string activity)
        : base("past_point_of_no_return",
            $"Cannot cancel instance '{instanceId}': step '{stepId}' ({activity}) has sent its call and may have moved the money, which a cancel " +
            "cannot undo. The journey goes on; if the lender answers with a failure, or an operator is asked to decide a lost answer, a cancel applies again.")
    {
        InstanceId = instanceId;
        StepId = stepId;
        MoneyCallOut = true;
    }

    /// <summary>The instance.</summary>
    public string InstanceId { get; }

    /// <summary>The point-of-no-return step.</summary>
    public string StepId { get; }

    /// <summary>The outcome it ended with; null while its call is out.</summary>
    public string? Outcome { get; }

    /// <summary>The step's call may be out (no outcome yet).</summary>
    public bool MoneyCallOut { get; }
}
