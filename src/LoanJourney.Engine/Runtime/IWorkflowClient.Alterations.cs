using System.Text.Json.Nodes;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Storage;

namespace LoanJourney.Engine.Runtime;

public partial interface IWorkflowClient
{
    /// <summary>
    /// Checks (dry run) or moves one instance to another version of its workflow: only Waiting, or Faulted with an incident, and
    /// not held by a runner; the step it waits at must exist in the target version (same id or mapped) with the same activity.
    /// Its bookmarks are re-created on the target step, completed steps are not re-run, intents and variables are kept (new
    /// variables get their defaults). One transaction with the version check; a journal entry <c>Migrated</c>. An instance
    /// that moved on its own between the check and the write (a poll of it) is read, checked and moved again, a few times,
    /// before it answers <c>changed_meanwhile</c>. An instance that cannot move is answered with the reason, never thrown.
    /// </summary>
    /// <exception cref="Errors.InstanceNotFoundException">No such instance.</exception>
    /// <exception cref="Errors.WorkflowNotFoundException">The target version does not exist.</exception>
    /// <exception cref="Errors.AlterationInvalidException">The step map names a step the target version does not have.</exception>
    Task<MigrationResult> MigrateAsync(string instanceId, MigrationRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Closes a journey whose stored payloads this node cannot decrypt (its keys lost for good), the last resort when it can
    /// neither run nor be cancelled: it becomes Cancelled without compensation, its waits and incident are dropped, its
    /// payloads are neither read nor written (<see cref="IWorkflowStore.AbandonAsync"/>), and a journal entry names
    /// <paramref name="by"/> and <paramref name="reason"/>. A once-only call whose outcome is unknown (an open intent) can
    /// never be resolved by the journey: it is refused until the caller says it was reconciled with the lender
    /// (<paramref name="intentsReconciled"/>), and the intents are answered with the result either way.
    /// </summary>
    /// <exception cref="Errors.InstanceNotFoundException">No such instance.</exception>
    /// <exception cref="Errors.InvalidInstanceStateException">It already completed or was cancelled.</exception>
    /// <exception cref="Errors.InstanceReadableException">This node can read it: cancel it instead.</exception>
    /// <exception cref="Errors.UnresolvedIntentException">An open intent, and <paramref name="intentsReconciled"/> is false.</exception>
    Task<AbandonResult> AbandonAsync(string instanceId, string reason, string by, bool intentsReconciled, CancellationToken cancellationToken = default);

    /// <summary>
    /// What <see cref="AbandonAsync"/> would do, without doing it: the same checks (it throws the same exceptions but for the
    /// open intents), and the step, the open intents and the compensations that abandoning would leave to settle by hand.
    /// The instance in the answer is as it is now.
    /// </summary>
    /// <exception cref="Errors.InstanceNotFoundException">No such instance.</exception>
    /// <exception cref="Errors.InvalidInstanceStateException">It already completed or was cancelled.</exception>
    /// <exception cref="Errors.InstanceReadableException">This node can read it: cancel it instead.</exception>
    Task<AbandonResult> PreviewAbandonAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>Continues a Waiting or Faulted instance from another step of its version; its waits and incident are dropped.</summary>
    /// <exception cref="Errors.AlterationInvalidException">No such step.</exception>
    /// <exception cref="Errors.UnresolvedIntentException">A once-only call's outcome is unknown.</exception>
    /// <exception cref="Errors.InvalidInstanceStateException">Not Waiting or Faulted, being cancelled, or the step is a completed once-only call.</exception>
    /// <exception cref="Errors.InstanceBusyException">A runner holds it, or it kept moving while the change was read, checked and tried again.</exception>
    Task<WorkflowInstance> GoToStepAsync(string instanceId, string stepId, string? by, string? reason, CancellationToken cancellationToken = default);

    /// <summary>Sets workflow variables of a Waiting or Faulted instance, each checked against the definition's variables.</summary>
    /// <exception cref="Errors.AlterationInvalidException">An unknown variable or a value of the wrong type.</exception>
    /// <exception cref="Errors.InvalidInstanceStateException">Not Waiting or Faulted.</exception>
    /// <exception cref="Errors.InstanceBusyException">A runner holds it, or it kept moving while the change was read, checked and tried again.</exception>
    Task<WorkflowInstance> SetVariablesAsync(string instanceId, JsonObject values, string? by, string? reason, CancellationToken cancellationToken = default);
}
