namespace LoanJourney.Engine.Storage;

public partial interface IWorkflowStore
{
    /// <summary>
    /// After an unexpected runner failure: releases a lease still held with <paramref name="fence"/> and, when the
    /// instance has work, moves its ready time to no earlier than <paramref name="retryAt"/> (a short back-off, so a
    /// persistent failure does not spin and a transient one does not wait for the lease to expire).
    /// </summary>
    Task DeferAsync(string instanceId, LeaseFence fence, DateTimeOffset retryAt, CancellationToken cancellationToken);

    /// <summary>
    /// After an unexpected runner failure: adds one to the journey's consecutive runner failures while <paramref name="fence"/>
    /// still holds its lease, and returns the new count; null when it no longer does (nothing changes). The count is the
    /// journey's, in the store, so it holds across nodes and restarts; the journey's next commit and its fault for an operator
    /// set it back to 0. A statement of its own, not the refused commit, so it goes through when only the commit is refused.
    /// </summary>
    Task<int?> CountRunnerFailureAsync(string instanceId, LeaseFence fence, CancellationToken cancellationToken);

    /// <summary>
    /// A journey <paramref name="owner"/> claimed but cannot decrypt (<see cref="UnreadableInstancesException"/>): faults it
    /// (status <c>Faulted</c>, no ready time, the lease given back, the version moved on) and opens an incident of kind
    /// <see cref="Errors.InstanceUnreadableException.IncidentKind"/> with <paramref name="message"/> on its current step,
    /// unless it has an open incident already, and removes its bookmarks: like a journey a runner faulted, it waits for the
    /// operator only (a bookmark left behind made the retried journey claimable with nothing due, claimed and released in a
    /// loop). Its stored payloads are neither read nor written. An operator's retry, with the keys in place, runs its step
    /// again. False when <paramref name="owner"/> no longer holds its lease (nothing changes).
    /// </summary>
    Task<bool> FaultUnreadableAsync(string instanceId, string owner, string incidentId, string message, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="FaultUnreadableAsync"/> with another incident kind: a journey <paramref name="owner"/> claimed and cannot run
    /// for a reason a retry a few seconds later does not change (its version does not load in this build:
    /// <c>VersionUnloadable</c>), faulted for an operator the same way.
    /// </summary>
    Task<bool> FaultForOperatorAsync(string instanceId, string owner, string incidentId, string errorKind, string message, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// The last resort for a journey whose stored payloads no node can decrypt (its keys are lost for good): in one
    /// transaction, an unfinished instance (Running, Waiting, Faulted) becomes <c>Cancelled</c> with no ready time, no
    /// lease, its version moved on (a node holding a lease can no longer commit), its bookmarks removed, its open
    /// incidents resolved as <c>abandoned</c>, and <paramref name="entry"/> (<see cref="Model.JournalKinds.InstanceAbandoned"/>)
    /// journaled. No compensation runs and its stored payloads are neither read nor written (retention or an erasure
    /// redacts them later). False when it is not unfinished (nothing changes).
    /// </summary>
    Task<bool> AbandonAsync(string instanceId, JournalRecord entry, DateTimeOffset now, CancellationToken cancellationToken);
}
