namespace LoanJourney.Engine.Storage;

/// <summary>
/// One step transition, committed in one transaction: the instance's new state (checked against
/// <see cref="ExpectedVersion"/> and, for runners, the lease fence), bookmark changes, journal entries, incident and
/// intent changes.
/// </summary>
public sealed record InstanceCommit
{
    /// <summary>The new state of the instance (its <c>Version</c> is ignored; the store increments it).</summary>
    public required InstanceRecord State { get; init; }

    /// <summary>The version the writer read; the commit fails when the row has moved on.</summary>
    public required long ExpectedVersion { get; init; }

    /// <summary>When set, the commit fails unless the lease is still held with this owner and token (fencing).</summary>
    public LeaseFence? Fence { get; init; }

    /// <summary>Release the lease (the runner stops), or keep it until <see cref="LeaseExpiresAt"/>.</summary>
    public bool ReleaseLease { get; init; }

    /// <summary>New lease expiry when the lease is kept (renewal for free with every step).</summary>
    public DateTimeOffset? LeaseExpiresAt { get; init; }

    /// <summary>Delete all bookmarks of the instance.</summary>
    public bool DeleteBookmarks { get; init; }

    /// <summary>Bookmarks to create.</summary>
    public IReadOnlyList<BookmarkRecord> NewBookmarks { get; init; } = [];

    /// <summary>Journal entries to append.</summary>
    public IReadOnlyList<JournalRecord> Journal { get; init; } = [];

    /// <summary>An incident to raise.</summary>
    public IncidentRecord? NewIncident { get; init; }

    /// <summary>Resolve open incidents with this resolution text.</summary>
    public string? ResolveIncidents { get; init; }

    /// <summary>Resolve (delete) unresolved intents of this step.</summary>
    public string? ResolveIntentsOfStep { get; init; }

    /// <summary>
    /// Resolve (delete) unresolved intents of this step too: a once-only step's completion held in memory and committed with the next
    /// step's transition, which may resolve its own (<c>ActivityResult.CompleteReadOnly</c>).
    /// </summary>
    public string? ResolveIntentsOfHeldStep { get; init; }

    /// <summary>
    /// When <see cref="NewBookmarks"/> include webhooks and a buffered inbox event matches one, consume it instead of
    /// creating the bookmarks: the instance gets it as pending stimulus and stays Running (lease kept).
    /// </summary>
    public bool ConsumeBufferedWebhooks { get; init; }

    /// <summary>
    /// An operator's change (migration, alteration): the commit fails unless no runner holds the lease (none, or expired at
    /// <see cref="Now"/>), so a change never lands under a step in flight or a parked timer.
    /// </summary>
    public bool RequireNoLease { get; init; }

    /// <summary>
    /// A migration that maps the current step to another id: the instance's unresolved intents and open incident of step
    /// <c>From</c> follow it to <c>To</c>, in the same transaction.
    /// </summary>
    public (string From, string To)? MoveStep { get; init; }

    /// <summary>
    /// The writer did not change <c>State.OutputsJson</c> (a suspension, a retry, a failure): the stored, protected column is
    /// kept as it is, so an unchanged value is neither protected (encrypted) again nor rewritten. False (the default) writes it.
    /// </summary>
    public bool OutputsUnchanged { get; init; }

    /// <summary>Commit time.</summary>
    public required DateTimeOffset Now { get; init; }

    /// <summary>
    /// The state the writer read, at <see cref="ExpectedVersion"/>. When given (same instance, workflow and version), the store
    /// applies what the history's change does to the funnel's aggregates itself (<see cref="FunnelDelta"/>) and the
    /// aggregates' trigger stands aside; without it the trigger compares the stored history with the new one as before.
    /// </summary>
    public InstanceRecord? Previous { get; init; }

    /// <summary>The funnel's change this commit applies itself, or null when it leaves it to the trigger.</summary>
    internal FunnelDelta? FunnelChange() =>
        Previous is { } previous && previous.Id == State.Id && previous.WorkflowId == State.WorkflowId && previous.Version == ExpectedVersion
            ? FunnelDelta.Between(previous.HistoryJson, previous.Outcome, State.HistoryJson, State.Outcome)
            : null;
}
