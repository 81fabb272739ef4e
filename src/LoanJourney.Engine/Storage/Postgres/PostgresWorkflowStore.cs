using System.Data;
using System.Text.RegularExpressions;
using Dapper;
using LoanJourney.Engine.Storage.Sqlite;
using Npgsql;

namespace LoanJourney.Engine.Storage.Postgres;

/// <summary>
/// The scale-out store: several engine nodes on one PostgreSQL database, which is the only coordinator. Work is claimed
/// with <c>FOR UPDATE SKIP LOCKED</c> and a lease whose token fences every later write; commits that make work ready
/// send a <c>NOTIFY</c> so idle nodes wake. Same schema semantics as the SQLite store (times in Unix ms, JSON as text).
/// </summary>
public sealed partial class PostgresWorkflowStore : IWorkflowStore, IWorkNotificationSource, IDefinitionNotificationSource, IDisposable
{
    // Session advisory lock held while migrating, so nodes starting together apply each migration once.
    private const long MigrationLockKey = 0x4C4A_4D49_4752_4154; // "LJMIGRAT"

    // Namespace of the per-webhook-key transaction locks (two-int advisory keys do not overlap the bigint space).
    private const int WebhookKeyLockSpace = 0x4C4A;

    private readonly PostgresStoreOptions _options;
    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;
    private readonly string _notifySql;

    /// <summary>Creates the store; call <see cref="InitializeAsync"/> before use.</summary>
    public PostgresWorkflowStore(PostgresStoreOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ConnectionString);
        if (!ChannelName().IsMatch(options.NotifyChannel))
        {
            throw new ArgumentException($"NotifyChannel must be a plain lower-case identifier, not '{options.NotifyChannel}'.", nameof(options));
        }

        _options = options;
        _time = time;
        _dataSource = NpgsqlDataSource.Create(DataSourceConnectionString(options.ConnectionString));
        _notifySql = $"NOTIFY {options.NotifyChannel};";
    }

    /// <summary>
    /// The store's connection string: Npgsql's automatic preparation on (<c>Max Auto Prepare=64</c>) unless the configured
    /// string sets it. A commit's batch is built from a few fixed statements, so PostgreSQL parsed and planned each of them
    /// on every step; prepared, a no-op step on one node went from 0.47–0.65 to 0.77–0.90 of the raw same-shape transaction
    /// (docs/PERFORMANCE.md, round 4). Behind a pooler in transaction mode that cannot keep prepared statements, configure
    /// <c>Max Auto Prepare=0</c>.
    /// <para>
    /// And no reset when a pooled connection goes back (<c>No Reset On Close=true</c>) unless configured: Npgsql otherwise
    /// sends its reset statements (<c>RESET ALL</c>, <c>UNLISTEN *</c>, <c>pg_advisory_unlock_all()</c>, …) ahead of the
    /// next command on that connection, about 47 times per journey. The store leaves no session state on a pooled
    /// connection: it never sets a session parameter, never listens on one (<see cref="ListenAsync"/> has its own unpooled
    /// connection), takes only transaction-level advisory locks there, and migrates on an unpooled connection (the one
    /// session-level lock). An open transaction is still rolled back on close (Npgsql does that regardless).
    /// </para>
    /// </summary>
    internal static string DataSourceConnectionString(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var configured = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!configured.ContainsKey("Max Auto Prepare") && !configured.ContainsKey("MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = 64;
        }

        if (!configured.ContainsKey("No Reset On Close") && !configured.ContainsKey("NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }

        return builder.ConnectionString;
    }

    /// <inheritdoc />
    public Task InitializeAsync(CancellationToken cancellationToken) => InitializeUpToAsync(long.MaxValue, cancellationToken);

    /// <summary>
    /// Applies the migrations up to <paramref name="upToVersion"/> (all by default); the <c>views</c> benchmark seeds
    /// history before the operator-view migrations, so that their back-fill builds the aggregates as an upgrade would.
    /// </summary>
    internal async Task InitializeUpToAsync(long upToVersion, CancellationToken cancellationToken)
    {
        // Unpooled: the session-level lock below ends with this physical connection whatever happens to the unlock, and
        // cannot ride on a pooled connection that is not reset when it goes back (see DataSourceConnectionString). No
        // command timeout: a migration's back-fill over a large history (the operator-view aggregates over a million
        // journeys) runs for minutes, and an upgrade that fails half-way on a timeout only starts again from the start.
        // The caller's token still cancels it.
        await using var connection = new NpgsqlConnection(
            new NpgsqlConnectionStringBuilder(_options.ConnectionString) { Pooling = false, CommandTimeout = 0 }.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(@MigrationLockKey)", new { MigrationLockKey }, cancellationToken: cancellationToken));
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version bigint NOT NULL PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL);",
                cancellationToken: cancellationToken));
            var migrations = Migrations().ToList();
            var recorded = (await connection.QueryAsync<(long Version, string Name)>(new CommandDefinition(
                "SELECT version, name FROM schema_migrations", cancellationToken: cancellationToken))).ToList();
            if (Errors.SchemaNewerThanBuildException.For(recorded, (migrations[^1].Version, migrations[^1].Name)) is { } newer)
            {
                throw newer;
            }

            foreach (var (version, name, sql) in migrations.Where(m => m.Version <= upToVersion))
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                var applied = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                    "SELECT COUNT(*) FROM schema_migrations WHERE version = @version", new { version }, transaction, cancellationToken: cancellationToken));
                if (applied == 0)
                {
                    await connection.ExecuteAsync(new CommandDefinition(sql, transaction: transaction, cancellationToken: cancellationToken));
                    if (version == InboxProtection.Migration)
                    {
                        await InboxProtection.ProtectBufferedAsync(connection, transaction, _options.PayloadProtector, cancellationToken);
                    }

                    await connection.ExecuteAsync(new CommandDefinition(
                        "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, @at)",
                        new { version, name, at = UnixMs.To(_time.GetUtcNow()) }, transaction, cancellationToken: cancellationToken));
                }

                await transaction.CommitAsync(cancellationToken);
            }

            // What a store without keys writes is in the clear: the last complete payload sweep no longer holds.
            if (upToVersion >= PayloadSweepMark.Migration)
            {
                await PayloadSweepMark.ForgetAsync(connection, _options.PayloadProtector, cancellationToken);
            }
        }
        finally
        {
            await connection.ExecuteAsync("SELECT pg_advisory_unlock(@MigrationLockKey)", new { MigrationLockKey });
        }
    }

    /// <summary>Applied migration versions, for tests and diagnostics.</summary>
    public Task<IReadOnlyList<long>> GetAppliedMigrationsAsync(CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<long>>(async c => (await c.QueryAsync<long>(
            new CommandDefinition("SELECT version FROM schema_migrations ORDER BY version", cancellationToken: cancellationToken))).ToList(), cancellationToken);

    /// <inheritdoc />
    public void Dispose() => _dataSource.Dispose();

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex ChannelName();

    private static IEnumerable<(long Version, string Name, string Sql)> Migrations() => EmbeddedMigrations.Read("LoanJourney.Engine.Storage.Postgres.Migrations.");

    private async Task<T> ReadAsync<T>(Func<NpgsqlConnection, Task<T>> read, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            return await read(connection);
        }
        catch (NpgsqlException ex) when (ClearWhenBroken(ex))
        {
            throw;
        }
    }

    /// <summary>
    /// One transaction (Npgsql sends BEGIN with the first statement, so it costs no round trip of its own). A deadlock or
    /// serialization failure rolls everything back and is retried: nothing of the attempt was committed.
    /// </summary>
    private async Task<T> WriteAsync<T>(Func<NpgsqlConnection, IDbTransaction, Task<T>> write, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await WriteOnceAsync(write, cancellationToken);
            }
            catch (PostgresException ex) when (attempt < 5 && ex.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure)
            {
                // Rolled back as a whole; try again.
            }
            catch (NpgsqlException ex) when (ClearWhenBroken(ex))
            {
                throw;
            }
        }
    }

    private async Task<T> WriteOnceAsync<T>(Func<NpgsqlConnection, IDbTransaction, Task<T>> write, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        var result = await write(connection, transaction);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    private ValueTask<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken) => _dataSource.OpenConnectionAsync(cancellationToken);

    // A connection-level failure (not an SQL error): the server went away or restarted, so every pooled connection to it is
    // dead too. Dropping them lets the node recover on its next attempt instead of failing once per pooled connection.
    private bool ClearWhenBroken(NpgsqlException ex)
    {
        if (ex is not PostgresException || ex is PostgresException { SqlState: PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow })
        {
            _dataSource.Clear();
        }

        return false;
    }
}
