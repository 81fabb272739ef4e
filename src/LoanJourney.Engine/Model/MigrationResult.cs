namespace LoanJourney.Engine.Model;

/// <summary>What a migration did (or, in a dry run, would do) with one instance.</summary>
/// <param name="InstanceId">The instance.</param>
/// <param name="WorkflowId">Its workflow.</param>
/// <param name="FromVersion">The version it was on when checked.</param>
/// <param name="ToVersion">The target version.</param>
/// <param name="Status">Its status when checked.</param>
/// <param name="StepId">The step it waits at (null when it waits nowhere).</param>
/// <param name="TargetStepId">The step it waits at on the target version, when it can move.</param>
/// <param name="CanMigrate">Whether it can move (a dry run) or could (an applied run).</param>
/// <param name="Migrated">Whether it moved in this call.</param>
/// <param name="Code">Why it cannot move: a stable code (see <see cref="MigrationCodes"/>), null when it can.</param>
/// <param name="Reason">Why it cannot move, in words; when it can, a note to read first (its waiting step has other inputs on the target version), or null.</param>
public sealed record MigrationResult(
    string InstanceId,
    string WorkflowId,
    int FromVersion,
    int ToVersion,
    WorkflowStatus Status,
    string? StepId,
    string? TargetStepId,
    bool CanMigrate,
    bool Migrated,
    string? Code,
    string? Reason);
