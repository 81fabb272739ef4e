using System.Text.Json.Nodes;
using LoanJourney.Engine.Model;

namespace LoanJourney.Engine.Runtime;

public partial interface IWorkflowClient
{
    /// <summary>Lists instances with every filter, sort and paging of <paramref name="query"/>, plus counts per status.</summary>
    Task<InstanceList> ListInstancesAsync(InstanceQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// The summaries of these instances (in no particular order; an id with no instance is left out). Read from the rows'
    /// columns, no payload decrypted, so a journey this node cannot read is found too (a bulk operation by ids checks what
    /// it was given with it: session 54's migration of a chosen set).
    /// </summary>
    Task<IReadOnlyList<WorkflowInstanceSummary>> GetSummariesAsync(IReadOnlyCollection<string> instanceIds, CancellationToken cancellationToken = default);

    /// <summary>Instances changed after <paramref name="after"/> in change order (at most <paramref name="max"/>).</summary>
    Task<IReadOnlyList<WorkflowInstanceSummary>> GetChangedInstancesAsync(ChangeCursor after, int max = 500, CancellationToken cancellationToken = default);

    /// <summary>
    /// A page of at most <paramref name="max"/> changes after <paramref name="after"/>, with the summaries of only those the caller does
    /// not have: <paramref name="have"/> (instance id, revision) says which it has. The changes are read from the change index; only the
    /// rows asked for are read whole, so re-reading a window of recent changes costs little.
    /// </summary>
    Task<ChangePage> GetChangesAsync(ChangeCursor after, int max, Func<string, long, bool> have, CancellationToken cancellationToken = default);

    /// <summary>The funnel of a workflow: per step reached/completed/waiting/faulted/rejected and median duration, outcomes, stuck journeys.</summary>
    /// <exception cref="Errors.WorkflowNotFoundException">No loaded definition and no journey has this id.</exception>
    Task<FunnelReport> GetFunnelAsync(string workflowId, TimeSpan stuckAfter, int maxStuck = 50, CancellationToken cancellationToken = default);

    /// <summary>
    /// A page of the workflow's faulted journeys in triage order (the stuck list's first run, continued): money questions awaiting the
    /// operator's decision first, oldest question first, then the other faults by when each faulted, oldest first. <paramref name="after"/>
    /// is the previous page's <see cref="FaultedPage.Next"/> (or the funnel's <see cref="FunnelReport.StuckFaultedNext"/>); null starts
    /// at the first. A workflow nobody ran reads as an empty page.
    /// </summary>
    Task<FaultedPage> ListFaultedAsync(string workflowId, FaultedCursor? after, int take = 50, CancellationToken cancellationToken = default);

    /// <summary>
    /// A page of the workflow's journeys waiting longer than <paramref name="stuckAfter"/>, longest wait first (the stuck list's second
    /// run, continued): by when the current wait started, ties by id. <paramref name="after"/> is the previous page's
    /// <see cref="WaitingPage.Next"/> (or the funnel's <see cref="FunnelReport.StuckWaitingNext"/>); null starts at the first. A journey
    /// that stops waiting leaves the run; one whose wait passes the threshold meanwhile joins its end. A workflow nobody ran reads as an
    /// empty page.
    /// </summary>
    Task<WaitingPage> ListWaitingAsync(string workflowId, TimeSpan stuckAfter, WaitingCursor? after, int take = 50, CancellationToken cancellationToken = default);

    /// <summary>The start input of an instance as stored (callers mask it before showing it).</summary>
    /// <exception cref="Errors.InstanceNotFoundException">No such instance.</exception>
    Task<JsonNode?> GetInstanceInputAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The APIs whose open circuit breaker waiting journeys wait out now (their deferred steps' <c>deferredOn</c>), each once,
    /// in no particular order; read from the deferral timers, so an API no longer configured is here while a journey waits on it.
    /// </summary>
    Task<IReadOnlyList<string>> GetDeferralApisAsync(CancellationToken cancellationToken = default);

    /// <summary>Every published definition version, by workflow id (versions ascending).</summary>
    Task<IReadOnlyDictionary<string, IReadOnlyList<int>>> GetDefinitionVersionsAsync(CancellationToken cancellationToken = default);

    /// <summary>The instance started with this idempotency key, or null (to tell a replayed start from a new one).</summary>
    Task<WorkflowInstanceSummary?> FindByIdempotencyKeyAsync(string idempotencyKey, CancellationToken cancellationToken = default);
}
