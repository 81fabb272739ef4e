namespace LoanJourney.Engine.Storage;

/// <summary>Result of publishing a definition snapshot.</summary>
public enum DefinitionSaveResult
{
    /// <summary>New version stored.</summary>
    Created,
    /// <summary>Same content already stored.</summary>
    Unchanged,
    /// <summary>Same id+version stored with different content.</summary>
    Conflict,
}
