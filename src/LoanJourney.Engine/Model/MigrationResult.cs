using System.Text.Json.Nodes;

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
/// <param name="StepChange">
/// When it can move: what the target version changed of the step it is at (the finding behind <paramref name="Reason"/>'s note), or
/// null when that step is the same. An applied move writes it into its journal entry and its audit entry.
/// </param>
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
    string? Reason,
    MigrationStepChange? StepChange = null);

/// <summary>
/// What a target version changed of the step a moved journey is at (docs/migration.md). A move does not run the step again: a
/// Waiting journey keeps waiting as the old version's inputs asked (the same signal, webhook keys and timers) until a go-to-step
/// back to it runs it with the new ones; a Faulted one's retry runs the step of the new version.
/// </summary>
/// <param name="StepId">The step on the target version.</param>
/// <param name="InputsChanged">The target step's inputs differ from the ones the journey's step has on its version.</param>
/// <param name="ActivityChanged">The target step runs another activity (only a Faulted journey whose activity this build no longer has moves so).</param>
/// <param name="KeptInputsOf">
/// The version whose inputs the journey's wait keeps (the version it moved from), when it was Waiting and the inputs changed;
/// null when nothing was kept (a Faulted journey's retry runs the new step).
/// </param>
public sealed record MigrationStepChange(string StepId, bool InputsChanged, bool ActivityChanged, int? KeptInputsOf)
{
    /// <summary>
    /// Adds <paramref name="change"/> to a move's journal or audit data as <c>stepChange: { stepId, inputsChanged, activityChanged,
    /// keptInputsOf }</c>; nothing when the step is the same (null).
    /// </summary>
    public static JsonObject AddTo(JsonObject data, MigrationStepChange? change)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (change is not null)
        {
            data["stepChange"] = new JsonObject
            {
                ["stepId"] = change.StepId,
                ["inputsChanged"] = change.InputsChanged,
                ["activityChanged"] = change.ActivityChanged,
                ["keptInputsOf"] = change.KeptInputsOf,
            };
        }

        return data;
    }
}
