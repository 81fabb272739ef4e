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

    /// <summary>TCP keepalive of the listening connection, so a silently dropped connection is noticed and reopened.</summary>
    public TimeSpan ListenKeepAlive { get; init; } = TimeSpan.FromSeconds(15);
}
