namespace LoanJourney.Engine.Activities;

/// <summary>
/// One declared field of a signal's payload: an activity's (<see cref="ActivitySignalFieldAttribute"/>) or one a
/// <c>Core.WaitForSignal</c> step declares in its definition (<see cref="BuiltIn.SignalFieldDeclarations"/>).
/// </summary>
public sealed record ActivitySignalFieldDescriptor(string Signal, string Name, ActivityValueType Type, bool Required, string Description)
{
    /// <summary>A regular expression a string must match as a whole (anchored), run without backtracking; null when none.</summary>
    public string? Pattern { get; init; }

    /// <summary>The fewest characters (Unicode code points) a string may have; null when unbounded.</summary>
    public int? MinLength { get; init; }

    /// <summary>The most characters (Unicode code points) a string may have; null when unbounded.</summary>
    public int? MaxLength { get; init; }

    /// <summary>Never stored, journaled, logged or shown: the step's output omits it (an OTP, an account number).</summary>
    public bool Sensitive { get; init; }
}
