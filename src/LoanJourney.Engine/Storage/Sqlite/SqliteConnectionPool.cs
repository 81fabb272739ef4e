using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace LoanJourney.Engine.Storage.Sqlite;

/// <summary>
/// Keeps opened connections with their pragmas applied, so a transaction costs no open/pragma round trips, and each
/// connection's prepared hot-path statements (<see cref="Statements"/>).
/// </summary>
internal sealed class SqliteConnectionPool(SqliteStoreOptions options) : IDisposable
{
    private readonly ConcurrentBag<SqliteConnection> _idle = [];
    private readonly ConcurrentDictionary<SqliteConnection, SqliteStatementCache> _statements = new(ReferenceEqualityComparer.Instance);
    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = options.DatabasePath,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Cache = SqliteCacheMode.Private,
        DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds),
    }.ToString();

    public SqliteConnection Rent() => _idle.TryTake(out var connection) ? connection : Open(writer: false);

    /// <summary>
    /// A new connection for the group-commit writer (it never goes back to the pool), whose temporary files stay in memory. Each
    /// write of a batch runs in a savepoint, and once a batch's savepoint journal outgrew SQLite's 64 KiB spill threshold SQLite
    /// wrote it to a temporary file that it created, wrote, closed and unlinked in /var/tmp for that one transaction (about 28
    /// a second under <c>journeys</c>; docs/PERFORMANCE.md, round 5). That journal holds the original pages one batch (at most 64
    /// writes) modifies, so the writer's memory bounds it; the readers keep the default (their sorts over a million journeys may
    /// need the disk).
    /// </summary>
    public SqliteConnection RentWriter() => Open(writer: true);

    private SqliteConnection Open(bool writer)
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = string.Create(CultureInfo.InvariantCulture,
            $"PRAGMA busy_timeout = {(int)options.BusyTimeout.TotalMilliseconds}; PRAGMA synchronous = {Synchronous(options.Synchronous)}; PRAGMA foreign_keys = OFF; " +
            $"PRAGMA wal_autocheckpoint = {SqliteWorkflowStore.InlineCheckpointPages}; PRAGMA secure_delete = ON;{(writer ? " PRAGMA temp_store = MEMORY;" : "")}");
        pragma.ExecuteNonQuery();
        if (options.StatementObserver is { } observer)
        {
            SQLitePCL.raw.sqlite3_trace(connection.Handle, (_, sql) => observer(sql.utf8_to_string()), null);
        }

        _statements[connection] = new SqliteStatementCache(connection);
        return connection;
    }

    public void Return(SqliteConnection connection) => _idle.Add(connection);

    /// <summary>
    /// A connection of the store's own housekeeping (the background checkpoint), outside the pool: no prepared statements,
    /// not traced by <see cref="SqliteStoreOptions.StatementObserver"/> (it runs beside the statements tests count). The caller disposes it.
    /// </summary>
    public SqliteConnection OpenHousekeeping()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    /// <summary>Closes a rented connection (and its statements) instead of returning it: the writer's own, or one that failed.</summary>
    public void Discard(SqliteConnection connection)
    {
        if (_statements.TryRemove(connection, out var statements))
        {
            statements.Dispose();
        }

        connection.Dispose();
    }

    /// <summary>The prepared statements of a connection this pool opened; only its renter may use them.</summary>
    public SqliteStatementCache Statements(SqliteConnection connection) =>
        _statements.TryGetValue(connection, out var statements)
            ? statements
            : throw new InvalidOperationException("The connection was not opened by this pool.");

    /// <summary>Connections opened, commands their statement caches created, and statements run through those; for tests, while no call is in flight.</summary>
    public (int Connections, int CommandsCreated, long Executions) StatementStatistics()
    {
        var caches = _statements.Values;
        return (caches.Count, caches.Sum(c => c.CommandsCreated), caches.Sum(c => c.Executions));
    }

    public void Dispose()
    {
        while (_idle.TryTake(out var connection))
        {
            Discard(connection);
        }
    }

    /// <summary>Whether <paramref name="value"/> is a <c>synchronous</c> setting the store accepts (FULL, NORMAL or EXTRA, any case).</summary>
    internal static bool IsSupportedSynchronous(string? value) => value?.ToUpperInvariant() is "FULL" or "NORMAL" or "EXTRA";

    private static string Synchronous(string value) => IsSupportedSynchronous(value)
        ? value.ToUpperInvariant()
        : throw new ArgumentException($"Synchronous must be FULL, NORMAL or EXTRA, not '{value}'.", nameof(value));
}
