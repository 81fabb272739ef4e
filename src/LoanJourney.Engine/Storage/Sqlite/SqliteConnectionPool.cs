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

    public SqliteConnection Rent()
    {
        if (_idle.TryTake(out var connection))
        {
            return connection;
        }

        connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = string.Create(CultureInfo.InvariantCulture,
            $"PRAGMA busy_timeout = {(int)options.BusyTimeout.TotalMilliseconds}; PRAGMA synchronous = {Synchronous(options.Synchronous)}; PRAGMA foreign_keys = OFF; " +
            $"PRAGMA wal_autocheckpoint = {SqliteWorkflowStore.InlineCheckpointPages};");
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

    private static string Synchronous(string value) => value.ToUpperInvariant() switch
    {
        "FULL" => "FULL",
        "NORMAL" => "NORMAL",
        "EXTRA" => "EXTRA",
        _ => throw new ArgumentException($"Synchronous must be FULL, NORMAL or EXTRA, not '{value}'.", nameof(value)),
    };
}
