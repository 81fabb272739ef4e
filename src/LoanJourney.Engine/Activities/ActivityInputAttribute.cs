namespace LoanJourney.Engine.Activities;

/// <summary>Declares one input of an activity.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ActivityInputAttribute(string name, ActivityValueType type) : Attribute
{
    /// <summary>Input name as written in a definition's <c>inputs</c>.</summary>
    public string Name { get; } = name;

    /// <summary>Value type; literals are checked against it at load time.</summary>
    public ActivityValueType Type { get; } = type;

    /// <summary>A definition that omits a required input fails validation.</summary>
    public bool Required { get; init; }

    /// <summary>
    /// The value becomes the journey's outcome, which metrics tags, the list filter and the funnel carry and erasure keeps:
    /// the validator takes only a literal name (<see cref="Definitions.JourneyOutcomeName"/>) or an earlier step's
    /// <see cref="ActivityAttribute.JourneyOutcomeOutput"/>, never data bound from the input, a variable or another output.
    /// </summary>
    public bool IsJourneyOutcome { get; init; }

    /// <summary>
    /// An amount the lender takes in whole units only (Capital Float's tranche). A start input bound to it
    /// (<c>$input.amount</c>) must be a whole number, or the start is refused (<see cref="Definitions.WholeAmountInputs"/>):
    /// the lender's refusal came only after the steps before it had blocked money and asked the borrower for an OTP.
    /// </summary>
    public bool IsWholeAmount { get; init; }

    /// <summary>Human description.</summary>
    public string Description { get; init; } = "";
}
