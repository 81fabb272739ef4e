namespace LoanJourney.Engine.Model;

public sealed partial record InstanceQuery
{
    /// <summary>Only these statuses (any of them); combined with <see cref="Status"/> when both are set.</summary>
    public IReadOnlyList<WorkflowStatus>? Statuses { get; init; }

    /// <summary>Only the journeys this partner's scoped principals started (the list, its total and its counts); null: every journey.</summary>
    public string? Partner { get; init; }

    /// <summary>True: only the journeys of some partner; false: only the team's own (no partner, session 44); null: both.</summary>
    public bool? HasPartner { get; init; }

    /// <summary>Only instances on this version of their workflow.</summary>
    public int? WorkflowVersion { get; init; }

    /// <summary>Only this journey outcome (e.g. <c>Disbursed</c>).</summary>
    public string? Outcome { get; init; }

    /// <summary>Created at or after.</summary>
    public DateTimeOffset? CreatedFrom { get; init; }

    /// <summary>Created at or before.</summary>
    public DateTimeOffset? CreatedTo { get; init; }

    /// <summary>Last changed at or after.</summary>
    public DateTimeOffset? UpdatedFrom { get; init; }

    /// <summary>Last changed at or before.</summary>
    public DateTimeOffset? UpdatedTo { get; init; }

    /// <summary>True: only instances with an open incident; false: only those without.</summary>
    public bool? HasIncident { get; init; }

    /// <summary>
    /// Only instances with an open incident of this error kind (exact: <c>LenderUnavailable</c>, <c>OutcomeUnknown</c>, …),
    /// so an operator can take the incidents of one lender outage together, apart from the questions about money.
    /// </summary>
    public string? IncidentKind { get; init; }

    /// <summary>
    /// Only instances whose step is deferred, waiting out what refuses its calls (a lender API's open circuit breaker):
    /// <c>FinBoxPrism</c>, <c>Partners:acme</c>, … (<see cref="Activities.ActivityResult.Defer"/>'s <c>waitingOn</c>), or
    /// <see cref="AnyDeferral"/> for every deferred step. A range of the bookmarks' <c>(kind, key)</c> index.
    /// </summary>
    public string? DeferredOn { get; init; }

    /// <summary>The <see cref="DeferredOn"/> of every deferred step, whatever it waits on.</summary>
    public const string AnyDeferral = "*";

    /// <summary>Only instances waiting since (at or before) this time (status Waiting, current step started by then).</summary>
    public DateTimeOffset? WaitingSinceBefore { get; init; }

    /// <summary>Sort key.</summary>
    public InstanceSortField Sort { get; init; } = InstanceSortField.CreatedAt;

    /// <summary>Newest first (default) or oldest first.</summary>
    public bool Descending { get; init; } = true;

    /// <summary>
    /// Keyset paging: only the rows after this cursor in the list's order (the page that follows the one it was made
    /// from); <see cref="InstanceQuery.Skip"/> still applies after it. Its sort field must be <see cref="Sort"/>.
    /// </summary>
    public InstanceCursor? After { get; init; }
}
