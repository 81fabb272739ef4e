using Dapper;
using Npgsql;

namespace LoanJourney.Engine.Storage.Postgres;

public sealed partial class PostgresWorkflowStore
{
    /// <summary>The channel of release requests (<see cref="RequestReleaseAsync"/>): the work channel's name + <c>_release</c>.</summary>
    public string ReleaseChannel => _options.NotifyChannel + "_release";

    /// <inheritdoc />
    public async Task ListenAsync(Action onWork, Action<string> onReleaseRequested, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onWork);
        ArgumentNullException.ThrowIfNull(onReleaseRequested);
        await using var connection = new NpgsqlConnection(ListenConnectionString());
        await connection.OpenAsync(cancellationToken);
        var release = ReleaseChannel;
        connection.Notification += (_, e) =>
        {
            if (string.Equals(e.Channel, release, StringComparison.Ordinal))
            {
                onReleaseRequested(e.Payload);
            }
            else
            {
                onWork();
            }
        };
        await using (var listen = new NpgsqlCommand($"LISTEN {_options.NotifyChannel}; LISTEN {release};", connection))
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

    /// <inheritdoc />
    public async Task RequestReleaseAsync(string instanceId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        await ReadAsync(c => c.ExecuteAsync(new CommandDefinition("SELECT pg_notify(@channel, @instanceId)",
            new { channel = ReleaseChannel, instanceId }, cancellationToken: cancellationToken)), cancellationToken);
    }

    // A listener's connection: its own, outside the pool, held for as long as the node listens; keepalives notice a dead peer.
    private string ListenConnectionString() => new NpgsqlConnectionStringBuilder(_options.ConnectionString)
    {
        Pooling = false,
        KeepAlive = (int)Math.Max(1, _options.ListenKeepAlive.TotalSeconds),
    }.ConnectionString;
}
