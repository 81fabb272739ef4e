namespace LoanJourney.Engine.Storage;

/// <summary>
/// A store that can tell an idle node that work became ready on another node (PostgreSQL <c>LISTEN/NOTIFY</c>), so the
/// dispatcher need not poll for it. Polling with back-off stays the fallback; a notification is a hint, never a claim.
/// The same channel carries requests to give back a journey another node keeps on a short poll timer, for an operator's
/// change received by this node (<see cref="RequestReleaseAsync"/>).
/// </summary>
public interface IWorkNotificationSource
{
    /// <summary>
    /// Listens until <paramref name="cancellationToken"/> is cancelled, calling <paramref name="onWork"/> once when listening
    /// starts (anything may have become ready while not listening) and then on every notification of work, and
    /// <paramref name="onReleaseRequested"/> with the instance id of every release request. Throws when the connection is
    /// lost; the caller listens again after a back-off.
    /// </summary>
    Task ListenAsync(Action onWork, Action<string> onReleaseRequested, CancellationToken cancellationToken);

    /// <summary>
    /// Asks every node to give back the lease of <paramref name="instanceId"/> if it keeps the journey parked on a short timer
    /// (the node holding it does; the others ignore it). A hint: the caller watches the lease, and nothing changes if no node
    /// keeps it.
    /// </summary>
    Task RequestReleaseAsync(string instanceId, CancellationToken cancellationToken);
}
