namespace LoanJourney.Engine.Storage;

/// <summary>What a draft save requires of the workflow.</summary>
public enum DraftSaveMode
{
    /// <summary>A new workflow: neither a draft nor a published version may exist.</summary>
    Create,
    /// <summary>An existing workflow (a draft or a published version exists).</summary>
    Update,
    /// <summary>Either: an import creates the workflow or replaces its draft.</summary>
    Upsert,
}
