using LoanJourney.Engine.Storage;

namespace LoanJourney.Engine.Design;

/// <summary>A draft save: what the store did, and the saved definition's validation.</summary>
public sealed record DraftSaveOutcome(DraftSaveResult Result, DesignCheck Check);
