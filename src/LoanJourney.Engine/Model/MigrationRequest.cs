namespace LoanJourney.Engine.Model;

/// <summary>Move one instance to another version of its workflow (docs/migration.md).</summary>
public sealed record MigrationRequest
{
    /// <summary>The version to move to.</summary>
    public required int ToVersion { get; init; }

    /// <summary>When set, the instance must be on this version (a batch's guard; an instance already moved is skipped).</summary>
    public int? FromVersion { get; init; }

    /// <summary>Old step id → step id in the target version, for steps renamed or replaced; unmapped steps keep their id.</summary>
    public IReadOnlyDictionary<string, string> StepMap { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Only check: nothing is written.</summary>
    public bool DryRun { get; init; } = true;

    /// <summary>The principal, for the journal entry.</summary>
    public string? By { get; init; }

    /// <summary>Why, for the journal entry.</summary>
    public string? Reason { get; init; }
}
