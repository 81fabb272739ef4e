using Dapper;
using LoanJourney.Engine.Model;
using Microsoft.Data.Sqlite;

namespace LoanJourney.Engine.Storage.Sqlite;

/// <summary>
/// The embedded single-node store: one SQLite file in WAL mode. Writes are serialized in-process by one writer loop that group-commits
/// concurrent writes (SQLite has one writer anyway) and across processes by <c>BEGIN IMMEDIATE</c> with a busy timeout.
/// </summary>
public sealed partial class SqliteWorkflowStore : IWorkflowStore, IDisposable
{
    private static readonly Lock InitLock = new();
    private static bool _batteriesInitialized;

    private readonly SqliteStoreOptions _options;
    private readonly SqliteConnectionPool _pool;
    private readonly TimeProvider _time;

    /// <summary>Creates the store; call <see cref="InitializeAsync"/> before use.</summary>
    public SqliteWorkflowStore(SqliteStoreOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        ArgumentNullException.ThrowIfNull(options);
        lock (InitLock)
        {
            if (!_batteriesInitialized)
            {
                SQLitePCL.Batteries_V2.Init();
                _batteriesInitialized = true;
            }
        }

        _options = options;
        _pool = new SqliteConnectionPool(options);
    }

    /// <inheritdoc />
    public Task InitializeAsync(CancellationToken cancellationToken) => InitializeUpToAsync(long.MaxValue);

    /// <summary>
    /// Applies the migrations up to <paramref name="upToVersion"/> (all by default); the <c>views</c> benchmark seeds
    /// history before the operator-view migrations, so that their back-fill builds the aggregates as an upgrade would.
    /// </summary>
    internal async Task InitializeUpToAsync(long upToVersion)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(_options.DatabasePath));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        var connection = _pool.Rent();
        try
        {
            await connection.ExecuteAsync("PRAGMA journal_mode = WAL;");
            // Migration 0034 hashes the stored idempotency keys with the function the store hashes new ones with.
            connection.CreateFunction<string?, string?>("lj_idempotency_key_hash", IdempotencyKeys.HashOrNull, isDeterministic: true);
            // Migration 0043 hashes the customer id in the stored FinBox keys with the function the engine stores new ones with.
            connection.CreateFunction<string?, string?>("lj_inbox_key", InboxKeys.StoredOrNull, isDeterministic: true);
            await connection.ExecuteAsync(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL);");
            var migrations = Migrations().ToList();
            var recorded = (await connection.QueryAsync<(long Version, string Name)>("SELECT version, name FROM schema_migrations")).ToList();
            if (Errors.SchemaNewerThanBuildException.For(recorded, (migrations[^1].Version, migrations[^1].Name)) is { } newer)
            {
                throw newer;
            }

            foreach (var (version, name, sql) in migrations.Where(m => m.Version <= upToVersion))
            {
                // Each migration in its own IMMEDIATE transaction, re-checked inside it: two processes starting at once apply it once.
                using var transaction = connection.BeginTransaction(deferred: false);
                var applied = await connection.ExecuteScalarAsync<long>(
                    "SELECT COUNT(*) FROM schema_migrations WHERE version = @version", new { version }, transaction);
                if (applied == 0)
                {
                    await connection.ExecuteAsync(sql, transaction: transaction);
                    if (version == InboxProtection.Migration)
                    {
                        await InboxProtection.ProtectBufferedAsync(connection, transaction, _options.PayloadProtector);
                    }

                    await connection.ExecuteAsync(
                        "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, @at)",
                        new { version, name, at = UnixMs.To(_time.GetUtcNow()) }, transaction);
                }

                transaction.Commit();
            }

            // What a store without keys writes is in the clear: the last complete payload sweep no longer holds.
            if (upToVersion >= PayloadSweepMark.Migration)
            {
                await PayloadSweepMark.ForgetAsync(connection, _options.PayloadProtector);
            }
        }
        finally
        {
            _pool.Return(connection);
        }
    }

    /// <summary>Applied migration versions, for tests and diagnostics.</summary>
    public Task<IReadOnlyList<long>> GetAppliedMigrationsAsync() =>
        ReadAsync<IReadOnlyList<long>>(async c => (await c.QueryAsync<long>("SELECT version FROM schema_migrations ORDER BY version")).ToList());

    /// <inheritdoc />
    public void Dispose()
    {
        _writes.Writer.TryComplete();
        _writerLoop?.Wait();
        StopCheckpoints();
        if (_writer is not null)
        {
            _pool.Discard(_writer);
        }

        _pool.Dispose();
    }

    private static IEnumerable<(long Version, string Name, string Sql)> Migrations() => EmbeddedMigrations.Read("LoanJourney.Engine.Storage.Sqlite.Migrations.");

    // A hot-path statement, bound on the connection's prepared copy of it.
    private SqliteCommand Bind(SqliteConnection connection, SqliteTransaction? transaction, SqlStatement statement, params ReadOnlySpan<object?> values) =>
        _pool.Statements(connection).Bind(statement, transaction, values);

    /// <summary>Connections opened, commands their prepared-statement caches created, and statements run through those; for tests.</summary>
    internal (int Connections, int CommandsCreated, long Executions) PreparedStatementStatistics() => _pool.StatementStatistics();

    private async Task<T> ReadAsync<T>(Func<SqliteConnection, Task<T>> read)
    {
        var connection = _pool.Rent();
        try
        {
            return await read(connection);
        }
        finally
        {
            _pool.Return(connection);
        }
    }
}
