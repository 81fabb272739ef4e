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
    /// <summary>
    /// Same content already stored, without a layout; the stored version took the given JSON's layout (a shipped file that
    /// gained a saved layout: docs/engine.md, "Definitions in the store").
    /// </summary>
    LayoutAdopted,
}
