using System.Text.Json.Nodes;
using LoanJourney.Engine.Model;

namespace LoanJourney.Engine.Runtime;

/// <summary>
/// The engine's API for hosts (HTTP server, tests, tools). Errors are typed (<see cref="Errors.WorkflowEngineException"/>
/// subclasses with a stable <c>Code</c>).
/// </summary>
public partial interface IWorkflowClient
{
    /// <summary>Starts an instance of the latest (or given) version. The same idempotency key returns the same instance.</summary>
    /// <exception cref="Errors.WorkflowNotFoundException">Unknown workflow id or version.</exception>
    /// <exception cref="Errors.InputValidationException">The input misses required fields or has wrong types.</exception>
    Task<WorkflowInstance> StartAsync(string workflowId, JsonNode? input, StartOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends a named signal (<paramref name="by"/>: the principal, for the journal). A non-sensitive signal is stored and the instance resumes in the background. A sensitive
    /// signal (OTP) is never stored: the instance is claimed and resumed in this call with the payload in memory only.
    /// </summary>
    /// <exception cref="Errors.SignalNotExpectedException">The instance does not wait for this signal.</exception>
    /// <exception cref="Errors.InstanceBusyException">Sensitive signal while another runner holds the instance; retry.</exception>
    Task<WorkflowInstance> SignalAsync(string instanceId, string signalName, JsonNode? payload, string? by = null, CancellationToken cancellationToken = default);

    /// <summary>Delivers a webhook event: stored in the inbox (duplicate event ids ignored), routed to a waiting bookmark or buffered.</summary>
    Task<WebhookDeliveryResult> DeliverWebhookAsync(string key, JsonNode? payload, string eventId, CancellationToken cancellationToken = default);

    /// <summary>
    /// <see cref="DeliverWebhookAsync"/> for a body the caller has already parsed and checked: <paramref name="payloadJson"/> (a
    /// JSON document, or null) is stored as it is, not parsed or written again. The answer comes after the durable commit.
    /// </summary>
    Task<WebhookDeliveryResult> DeliverWebhookJsonAsync(string key, string? payloadJson, string eventId, CancellationToken cancellationToken = default);

    /// <summary>Cancels an instance: its compensations run in reverse completion order, then it is Cancelled. <paramref name="by"/> and <paramref name="reason"/> go into the journal.</summary>
    /// <exception cref="Errors.InvalidInstanceStateException">It already completed or was cancelled.</exception>
    Task<WorkflowInstance> CancelAsync(string instanceId, string? reason = null, string? by = null, CancellationToken cancellationToken = default);

    /// <summary>Retries the faulted step with a fresh attempt budget.</summary>
    /// <exception cref="Errors.NoIncidentException">The instance has no open incident.</exception>
    Task<WorkflowInstance> RetryIncidentAsync(string instanceId, string? by = null, string? reason = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Answers an <see cref="Activities.OperatorDecision.ErrorKind"/> incident: the step runs again with the decision
    /// (<paramref name="sent"/> true with the other party's <paramref name="reference"/>, or false: send again).
    /// </summary>
    /// <exception cref="Errors.NoIncidentException">The instance has no open incident.</exception>
    /// <exception cref="Errors.InvalidInstanceStateException">The open incident does not wait for such a decision.</exception>
    Task<WorkflowInstance> DecideOutcomeAsync(string instanceId, bool sent, string? reference, string? by = null, string? reason = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Why a cancel of the journey, as it stands now, would be refused (<see cref="Errors.PastPointOfNoReturnException"/>'s
    /// rule, read outside any transaction: what an operator is shown before asking), or null when it would apply, or the
    /// journey has ended or is already being cancelled. The cancel itself still checks in its own transaction.
    /// </summary>
    /// <exception cref="Errors.InstanceNotFoundException">No such instance.</exception>
    Task<Errors.PointOfNoReturnRefusal?> GetCancelRefusalAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Answers an <see cref="Activities.OperatorDecision.ErrorKind"/> incident with "the call never took effect, and stop":
    /// nothing is sent again and the journey is cancelled (its compensations run), in one commit. The only way to cancel a
    /// journey whose point-of-no-return call's answer was lost (docs/engine.md "Point of no return").
    /// </summary>
    /// <exception cref="Errors.NoIncidentException">The instance has no open incident.</exception>
    /// <exception cref="Errors.InvalidInstanceStateException">The open incident does not wait for such a decision, the lender said
    /// it took the call, or the journey is already being cancelled.</exception>
    /// <exception cref="Errors.PastPointOfNoReturnException">An earlier step already moved money a cancel cannot undo.</exception>
    Task<WorkflowInstance> DecideNotSentAndCancelAsync(string instanceId, string? by = null, string? reason = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Skips the faulted step as if it completed with <paramref name="outcome"/>. In a journey being cancelled the step at
    /// fault is a compensation: <paramref name="outcome"/> must then be null, and the step is recorded as not compensated
    /// (<see cref="Model.StepHistoryEntry.CompensationSkipped"/>) while the cancel goes on.
    /// </summary>
    /// <exception cref="Errors.NoIncidentException">The instance has no open incident.</exception>
    /// <exception cref="Errors.UnknownOutcomeException">The step has no such outcome (or none was given for a forward step).</exception>
    /// <exception cref="Errors.InvalidInstanceStateException">An outcome given for a failed compensation.</exception>
    Task<WorkflowInstance> SkipIncidentAsync(string instanceId, string? outcome, string? by = null, string? reason = null, CancellationToken cancellationToken = default);

    /// <summary>Lists instances (newest first) with a total count.</summary>
    Task<PagedResult<WorkflowInstanceSummary>> QueryInstancesAsync(InstanceQuery query, CancellationToken cancellationToken = default);

    /// <summary>An instance with its step history, bookmarks, variables and open incident.</summary>
    /// <exception cref="Errors.InstanceNotFoundException">No such instance.</exception>
    Task<WorkflowInstance> GetInstanceAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>
    /// What an operator's view of one journey shows, from one read of its row: the instance as
    /// <see cref="GetInstanceAsync"/> gives it, its input, and why a cancel would be refused now
    /// (<see cref="GetCancelRefusalAsync"/>).
    /// </summary>
    /// <exception cref="Errors.InstanceNotFoundException">No such instance.</exception>
    Task<InstanceDetail> GetInstanceDetailAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>The instance's journal in order.</summary>
    Task<PagedResult<JournalEntry>> ReadJournalAsync(string instanceId, int skip = 0, int take = 100, CancellationToken cancellationToken = default);
}
