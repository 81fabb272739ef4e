using LoanJourney.Engine.Definitions;

namespace LoanJourney.Engine.Design;

/// <summary>A publish: its status, the version (when published), the draft's current revision, and the errors (when invalid).</summary>
public sealed record PublishOutcome(PublishStatus Status, int? Version, string? ContentHash, bool Unchanged, long CurrentRevision, IReadOnlyList<DefinitionError> Errors);
