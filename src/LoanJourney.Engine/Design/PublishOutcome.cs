using LoanJourney.Engine.Definitions;

namespace LoanJourney.Engine.Design;

/// <summary>
/// A publish: its status, the version (when published), the draft's current revision, the errors (when invalid), and
/// whether an unchanged publish replaced the latest version's layout (the draft moved steps and nothing else).
/// </summary>
public sealed record PublishOutcome(PublishStatus Status, int? Version, string? ContentHash, bool Unchanged, long CurrentRevision, IReadOnlyList<DefinitionError> Errors,
    bool LayoutUpdated = false);
