using Npgsql;

namespace LoanJourney.Engine.Storage.Postgres;

public sealed partial class PostgresWorkflowStore
{
    /// <inheritdoc />
    public async Task ListenAsync(Action onWork, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onWork);
        await using var connection = new NpgsqlConnection(ListenConnectionString());
        await connection.OpenAsync(cancellationToken);
        connection.Notification += (_, _) => onWork();
        await using (var listen = new NpgsqlCommand($"LISTEN {_options.NotifyChannel}", connection))
        {
            await listen.ExecuteNonQueryAsync(cancellationToken);
        }

        // Work may have become ready while nothing listened.
        onWork();
        while (true)
        {
            await connection.WaitAsync(cancellationToken);
        }
    }

    // A listener's connection: its own, outside the pool, held for as long as the node listens; keepalives notice a dead peer.
    private string ListenConnectionString() => new NpgsqlConnectionStringBuilder(_options.ConnectionString)
    {
        Pooling = false,
        KeepAlive = (int)Math.Max(1, _options.ListenKeepAlive.TotalSeconds),
    }.ConnectionString;
}
