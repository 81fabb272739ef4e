namespace LoanJourney.Engine.Storage;

/// <summary>
/// A store shared by several nodes that tells each node when a definition was published on another (PostgreSQL
/// <c>LISTEN/NOTIFY</c>). In-process publishes refresh the local catalog directly.
/// </summary>
public interface IDefinitionNotificationSource
{
    /// <summary>
    /// Listens until cancelled, calling <paramref name="onChange"/> with null once listening starts (anything may have been
    /// published while not listening) and then with the workflow id of every publish. Throws when the connection is lost;
    /// the caller listens again after a back-off.
    /// </summary>
    Task ListenForDefinitionsAsync(Action<string?> onChange, CancellationToken cancellationToken);
}
