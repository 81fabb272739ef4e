namespace LoanJourney.Engine.Activities;

/// <summary>Thrown by <see cref="ActivityContext"/> input getters when a bound input is missing or has the wrong shape;
/// the runner turns it into a non-retryable failure of kind <c>InvalidInput</c>.</summary>
public sealed class ActivityInputException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ActivityInputException(string inputName, string message)
        : base(message) => InputName = inputName;

    /// <summary>Creates the exception.</summary>
    public ActivityInputException()
    {
        InputName = "";
    }

    /// <summary>Creates the exception.</summary>
    public ActivityInputException(string message)
        : base(message)
    {
        InputName = "";
    }

    /// <summary>Creates the exception.</summary>
    public ActivityInputException(string message, Exception innerException)
        : base(message, innerException)
    {
        InputName = "";
    }

    /// <summary>The offending input.</summary>
    public string InputName { get; }
}
