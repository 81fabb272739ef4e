namespace LoanJourney.Engine.Storage;

/// <summary>A commit was rejected because the row moved on (version) or the lease was lost (fencing).</summary>
public class StaleCommitException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StaleCommitException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public StaleCommitException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public StaleCommitException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>True when the lease was taken over (the writer must stop); false for a plain version conflict.</summary>
    public bool LeaseLost { get; init; }
}
