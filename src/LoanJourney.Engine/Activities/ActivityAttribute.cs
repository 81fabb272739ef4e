namespace LoanJourney.Engine.Activities;

/// <summary>Declares an activity's stable type name and behaviour; read by the registry, the validator and the Studio.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ActivityAttribute(string typeName) : Attribute
{
    /// <summary>Stable type name used in definitions, e.g. <c>FinBox.RunBre</c>.</summary>
    public string TypeName { get; } = typeName;

    /// <summary>Human description for the Studio.</summary>
    public string Description { get; init; } = "";

    /// <summary>Named outcomes the activity completes with. Defaults to <c>Done</c>.</summary>
    public string[] Outcomes { get; init; } = [ActivityResult.DefaultOutcome];

    /// <summary>When set, the outcomes are the keys of this (object or array) input plus <see cref="OutcomesFromInputDefault"/>.</summary>
    public string? OutcomesFromInput { get; init; }

    /// <summary>Outcome added to <see cref="OutcomesFromInput"/> outcomes when nothing matches.</summary>
    public string OutcomesFromInputDefault { get; init; } = "Default";

    /// <summary>The activity can suspend on bookmarks (a loop through it is not a busy loop).</summary>
    public bool IsWait { get; init; }

    /// <summary>The activity has a side effect that must happen once (it uses intents to reconcile after a crash).</summary>
    public bool IsOnceOnly { get; init; }

    /// <summary>
    /// The outcomes after which money has moved and no compensation can move it back (a disbursal, a tranche, a repayment):
    /// once a step of this activity completed (or was skipped) with one of them, or while its once-only call may be out (an
    /// intent saved and not answered with a failure), the journey can no longer be cancelled (docs/engine.md "Point of no
    /// return"). Empty: a cancel always applies.
    /// </summary>
    public string[] PointOfNoReturn { get; init; } = [];

    /// <summary>The activity ends the journey; it has no outcomes to follow.</summary>
    public bool IsTerminal { get; init; }

    /// <summary>
    /// Computes its result from its inputs alone: no I/O, no side effect, never suspends (<c>Core.End</c>, <c>Core.Branch</c>,
    /// <c>Core.SetVariable</c>). The engine commits such a step's transition together with the step before it, in one commit.
    /// </summary>
    public bool IsPure { get; init; }

    /// <summary>
    /// The output that carries a journey outcome name (<c>Journey.RunChild</c>: the child journey's, set by the child's own
    /// <c>Core.End</c> and so a literal name too), which an input marked <see cref="ActivityInputAttribute.IsJourneyOutcome"/> may bind.
    /// </summary>
    public string? JourneyOutcomeOutput { get; init; }

    /// <summary>Names of the output fields, for the Studio and binding authors.</summary>
    public string[] Outputs { get; init; } = [];
}
