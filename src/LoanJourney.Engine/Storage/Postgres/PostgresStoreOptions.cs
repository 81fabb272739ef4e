namespace LoanJourney.Engine.Storage.Postgres;

/// <summary>PostgreSQL store settings.</summary>
public sealed record PostgresStoreOptions
{
    /// <summary>Npgsql connection string (<c>ConnectionStrings:LoanJourney</c>).</summary>
    public required string ConnectionString { get; init; }

    /// <summary>Channel of the <c>NOTIFY</c> sent when a commit makes work ready; every node on the database listens on it.</summary>
    public string NotifyChannel { get; init; } = "loanjourney_work";

    /// <summary>
    /// Protects <c>instances.input_json</c>, <c>outputs_json</c> and <c>pending_stimulus_json</c> (they may carry borrower documents)
    /// on write and unprotects them on read. Default: <see cref="PassThroughPayloadProtector"/> (plaintext).
    /// </summary>
    public IPayloadProtector PayloadProtector { get; init; } = PassThroughPayloadProtector.Instance;

    /// <summary>
    /// How long the erasure's purge (<see cref="IWorkflowStore.PurgeFreedSpaceAsync"/>: a VACUUM of the redacted tables) waits
    /// for another connection's lock on a table (PostgreSQL's <c>lock_timeout</c>) before it answers <c>busy</c>; the server sets
    /// it from <c>Engine:BusyTimeout</c> (10 s), as SQLite's purge waits for a reader that long.
    /// </summary>
    public TimeSpan PurgeLockTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long that VACUUM may run in all (PostgreSQL's <c>statement_timeout</c>) before it is cancelled and answers
    /// <c>busy</c>: 30 s, so an erasure request is not held for minutes on a large database (docs/server.md, "Erasure").
    /// </summary>
    public TimeSpan PurgeTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>TCP keepalive of the listening connection, so a silently dropped connection is noticed and reopened.</summary>
    public TimeSpan ListenKeepAlive { get; init; } = TimeSpan.FromSeconds(15);
}
