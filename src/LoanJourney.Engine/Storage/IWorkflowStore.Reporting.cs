using LoanJourney.Engine.Model;

namespace LoanJourney.Engine.Storage;

public partial interface IWorkflowStore
{
    /// <summary>Lists instances with every filter of <paramref name="query"/>, its sort and paging, a total and counts per status.</summary>
    Task<InstanceList> ListInstancesAsync(InstanceQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// One page of the workflow's faulted journeys in triage order, after <paramref name="after"/> (null: the first page): those whose
    /// open incident is a money question awaiting the operator's decision (<c>OutcomeUnknown</c>) first, then the others, each run by
    /// when the journey faulted, oldest first (migration 0039). A range of the faulted journeys' own index, whatever the history.
    /// </summary>
    Task<FaultedPage> ListFaultedAsync(string workflowId, FaultedCursor? after, int take, CancellationToken cancellationToken);

    /// <summary>
    /// One page of the workflow's journeys waiting since <paramref name="waitingSinceBefore"/> or earlier, longest wait first (by when
    /// the current wait started, ties by id), after <paramref name="after"/> (null: the first page); <paramref name="withTotal"/> also
    /// counts them (<see cref="WaitingPage.Total"/>). A range of the waiting journeys' own index (migration 0040), whatever the history.
    /// </summary>
    Task<WaitingPage> ListWaitingAsync(
        string workflowId, DateTimeOffset waitingSinceBefore, WaitingCursor? after, int take, bool withTotal, CancellationToken cancellationToken);

    /// <summary>
    /// Instances changed after <paramref name="after"/>, ordered by change time then id, at most <paramref name="max"/>.
    /// The feed of live updates; several nodes on one database see each other's changes through it.
    /// </summary>
    Task<IReadOnlyList<WorkflowInstanceSummary>> GetChangedInstancesAsync(ChangeCursor after, int max, CancellationToken cancellationToken);

    /// <summary>
    /// The same changes as <see cref="GetChangedInstancesAsync"/> without the rows: id, revision and change time only, read from the
    /// change index. A feed that re-reads an overlap window learns from these which rows it does not have yet.
    /// </summary>
    Task<IReadOnlyList<ChangeMark>> GetChangeMarksAsync(ChangeCursor after, int max, CancellationToken cancellationToken);

    /// <summary>The summaries of these instances (unknown ids are left out), in no particular order.</summary>
    Task<IReadOnlyList<WorkflowInstanceSummary>> GetSummariesAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken);

    /// <summary>
    /// Funnel numbers of one workflow aggregated in the database: total, per step seen in any journey's history (in no
    /// particular order), completed journeys per outcome, and journeys per status. <paramref name="rejectedOutcome"/> names the rejection
    /// (journey outcome and step outcome, e.g. <c>Rejected</c>).
    /// </summary>
    Task<FunnelCounts> GetFunnelAsync(
        string workflowId, string rejectedOutcome, CancellationToken cancellationToken);

    /// <summary>
    /// The outcomes journeys have ended with, as stored (read from the operator-view counters: a handful of rows, whatever
    /// the history). An outcome filter is matched against these whatever its case.
    /// </summary>
    Task<IReadOnlyList<string>> GetOutcomesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The APIs that waiting journeys' deferred steps wait out now (the keys of their deferral timers, docs/engine.md "Deferral"),
    /// each once: one index entry read per API, whatever the number of deferred journeys.
    /// </summary>
    Task<IReadOnlyList<string>> GetDeferralApisAsync(CancellationToken cancellationToken);

    /// <summary>Every published definition version, by workflow id (versions ascending).</summary>
    Task<IReadOnlyDictionary<string, IReadOnlyList<int>>> GetDefinitionVersionsAsync(CancellationToken cancellationToken);

    /// <summary>The instance started with this idempotency key, or null.</summary>
    Task<WorkflowInstanceSummary?> FindByIdempotencyKeyAsync(string idempotencyKey, CancellationToken cancellationToken);

    /// <summary>
    /// Journeys in <c>Waiting</c> status and journeys <c>Faulted</c> with an open incident, counted per workflow, current step
    /// and status (the telemetry gauges <c>loanjourney.journeys.waiting</c> and <c>loanjourney.incidents.open</c>).
    /// </summary>
    Task<IReadOnlyList<WaitingCount>> CountWaitingAndFaultedAsync(CancellationToken cancellationToken);
}
