namespace LoanJourney.Engine.Storage;

/// <summary>Result of firing a durable (non-sensitive) signal.</summary>
public enum SignalFireResult
{
    /// <summary>Bookmark fired; the instance is ready to resume.</summary>
    Fired,
    /// <summary>No matching non-sensitive bookmark.</summary>
    NotExpected,
}
