namespace LoanJourney.Engine.Storage;

/// <summary>
/// A store that can tell an idle node that work became ready on another node (PostgreSQL <c>LISTEN/NOTIFY</c>), so the
/// dispatcher need not poll for it. Polling with back-off stays the fallback; a notification is a hint, never a claim.
/// </summary>
public interface IWorkNotificationSource
{
    /// <summary>
    /// Listens until <paramref name="cancellationToken"/> is cancelled, calling <paramref name="onWork"/> once when listening
    /// starts (anything may have become ready while not listening) and then on every notification. Throws when the
    /// connection is lost; the caller listens again after a back-off.
    /// </summary>
    Task ListenAsync(Action onWork, CancellationToken cancellationToken);
}
