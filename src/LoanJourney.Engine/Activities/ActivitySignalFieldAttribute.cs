namespace LoanJourney.Engine.Activities;

/// <summary>
/// Declares one field of the payload a signal the activity waits for takes (e.g. <c>otp</c>'s <c>otp</c>). A signal sent
/// to a step of this activity is checked against its declared fields before it is accepted (<see cref="SignalPayload"/>),
/// so a payload the activity could not use is a 400 naming the field instead of an accepted signal that changes nothing.
/// A signal with no declared field takes any payload.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ActivitySignalFieldAttribute(string signal, string name, ActivityValueType type) : Attribute
{
    /// <summary>The signal's name (its bookmark key).</summary>
    public string Signal { get; } = signal;

    /// <summary>The payload field.</summary>
    public string Name { get; } = name;

    /// <summary>Its type; a <see cref="ActivityValueType.String"/> must not be blank.</summary>
    public ActivityValueType Type { get; } = type;

    /// <summary>A payload without it (or with null) is refused.</summary>
    public bool Required { get; init; }

    /// <summary>Human description.</summary>
    public string Description { get; init; } = "";

    /// <summary>
    /// A regular expression a <see cref="ActivityValueType.String"/> value must match as a whole, as a wait's declared
    /// <c>pattern</c> (<see cref="BuiltIn.SignalFieldDeclarations"/>): a value that does not is refused before the activity
    /// runs, naming the field and the pattern, never the value. Null when any text is taken.
    /// </summary>
    public string? Pattern { get; init; }
}
