namespace LoanJourney.Engine.Errors;

/// <summary>
/// A cancel that cannot undo what the journey did: a step whose activity declares a point of no return completed with one
/// of its outcomes (the money moved), or its once-only call may be out right now (docs/engine.md "Point of no return").
/// The journey goes on to its end; an operator can still abandon it.
/// </summary>
public sealed class PastPointOfNoReturnException : WorkflowEngineException
{
    /// <summary>A cancel of the journey <paramref name="refusal"/> names, refused.</summary>
    public PastPointOfNoReturnException(PointOfNoReturnRefusal refusal)
        : this([refusal], erasure: false)
    {
    }

    /// <summary>
    /// An erasure with <c>cancelFirst</c> refused before it cancelled anything: every journey of the borrower a cancel would be
    /// refused for (at least one); the first is also this exception's <see cref="InstanceId"/>, <see cref="StepId"/>, ….
    /// </summary>
    public PastPointOfNoReturnException(IReadOnlyList<PointOfNoReturnRefusal> journeys)
        : this(journeys, erasure: true)
    {
    }

    private PastPointOfNoReturnException(IReadOnlyList<PointOfNoReturnRefusal> journeys, bool erasure)
        : base("past_point_of_no_return", erasure ? ErasureMessage(journeys) : CancelMessage(journeys[0]))
    {
        var first = journeys[0];
        InstanceId = first.InstanceId;
        StepId = first.StepId;
        Outcome = first.Outcome;
        MoneyCallOut = first.MoneyCallOut;
        Journeys = journeys;
    }

    /// <summary>The instance.</summary>
    public string InstanceId { get; }

    /// <summary>The point-of-no-return step.</summary>
    public string StepId { get; }

    /// <summary>The outcome it ended with; null while its call is out.</summary>
    public string? Outcome { get; }

    /// <summary>The step's call may be out (no outcome yet).</summary>
    public bool MoneyCallOut { get; }

    /// <summary>Every journey refused: the one cancelled, or all of an erasure's (<see cref="InstanceId"/>'s first).</summary>
    public IReadOnlyList<PointOfNoReturnRefusal> Journeys { get; }

    /// <summary>Why a cancel of the journey <paramref name="r"/> names is refused, and what the operator can do: this exception's message.</summary>
    public static string CancelMessage(PointOfNoReturnRefusal r) => $"Cannot cancel instance '{r.InstanceId}': " + Why(r) + (r switch
    {
        { TakenAnswer: not null } => " Confirm it was sent with the lender's reference (the step then follows it) and the journey goes on.",
        { AwaitsDecision: true } => " Its answer was lost: settle the call first. Confirm it was sent with the lender's reference, or, once the lender " +
            "confirms it never took effect, confirm it was not sent with \"then\": \"cancel\" (nothing is sent again and the journey is cancelled).",
        { MoneyCallOut: true } => " The journey goes on; if the lender answers with a failure, a cancel applies again.",
        _ => " The journey goes on to its end.",
    });

    private static string ErasureMessage(IReadOnlyList<PointOfNoReturnRefusal> journeys)
    {
        ArgumentOutOfRangeException.ThrowIfZero(journeys.Count);
        return $"Cannot cancel {journeys.Count} journey(s) of this borrower, so nothing was cancelled or erased: " +
            string.Join(" ", journeys.Select(r => $"Instance '{r.InstanceId}': {Why(r)}")) + " Erase once they have finished.";
    }

    private static string Why(PointOfNoReturnRefusal r) => r switch
    {
        { TakenAnswer: { } answer } => $"step '{r.StepId}' ({r.Activity}) sent its call and the lender answered {answer}: it took the request, " +
            "which a cancel cannot undo.",
        { MoneyCallOut: true } => $"step '{r.StepId}' ({r.Activity}) has sent its call and may have moved the money, which a cancel cannot undo.",
        _ => $"step '{r.StepId}' ({r.Activity}) ended {r.Outcome}, and a cancel cannot undo that.",
    };
}
