namespace LoanJourney.Engine.Model;

/// <summary>The <see cref="MigrationResult.Code"/> values: why an instance cannot move to the target version.</summary>
public static class MigrationCodes
{
    /// <summary>It is already on the target version (a batch applied again skips it).</summary>
    public const string AlreadyOnVersion = "already_on_version";
    /// <summary>It is on another version than the request's <c>fromVersion</c>.</summary>
    public const string OtherVersion = "other_version";
    /// <summary>It is neither Waiting nor Faulted with an open incident.</summary>
    public const string NotWaiting = "not_waiting";
    /// <summary>A runner holds it (a step in flight, a short timer parked in memory); try again in a moment.</summary>
    public const string HeldByRunner = "held_by_runner";
    /// <summary>Its cancellation is under way.</summary>
    public const string CancelRequested = "cancel_requested";
    /// <summary>The step it waits at is not in the target version (same id or mapped).</summary>
    public const string StepMissing = "step_missing";
    /// <summary>The step it would wait at on the target version runs another activity.</summary>
    public const string ActivityChanged = "activity_changed";
    /// <summary>A once-only call's outcome is not settled (an open intent) and the target version moves or changes its step.</summary>
    public const string UnresolvedIntent = "unresolved_intent";
    /// <summary>A completed once-only step has no step running its activity on the target version (same id or mapped).</summary>
    public const string OnceOnlyStepMissing = "once_only_step_missing";
    /// <summary>Its start input does not fit the target version's input (a field the version declares a format, a pattern, a type or
    /// `required` for, or a field it does not take): it stays on its version, where it finishes, and is never faulted by the move.</summary>
    public const string InputInvalid = "input_invalid";
    /// <summary>It changed between the check and the write each time it was read, checked and moved again (it keeps moving: it resumed, or another operator acted); check again.</summary>
    public const string ChangedMeanwhile = "changed_meanwhile";
}
