using Npgsql;

namespace LoanJourney.Engine.Storage.Postgres;

public sealed partial class PostgresWorkflowStore
{
    /// <inheritdoc />
    public async Task ListenAsync(Action onWork, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onWork);
        // A connection of its own, outside the pool, held for as long as the node listens; keepalives notice a dead peer.
        var builder = new NpgsqlConnectionStringBuilder(_options.ConnectionString)
        {
            Pooling = false,
            KeepAlive = (int)Math.Max(1, _options.ListenKeepAlive.TotalSeconds),
        };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
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
}
