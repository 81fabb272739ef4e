using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace LoanJourney.Engine.Storage.Sqlite;

/// <summary>Keeps opened connections with their pragmas applied, so a transaction costs no open/pragma round trips.</summary>
internal sealed class SqliteConnectionPool(SqliteStoreOptions options) : IDisposable
{
    private readonly ConcurrentBag<SqliteConnection> _idle = [];
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
            $"PRAGMA busy_timeout = {(int)options.BusyTimeout.TotalMilliseconds}; PRAGMA synchronous = {Synchronous(options.Synchronous)}; PRAGMA foreign_keys = OFF;");
        pragma.ExecuteNonQuery();
        if (options.StatementObserver is { } observer)
        {
            SQLitePCL.raw.sqlite3_trace(connection.Handle, (_, sql) => observer(sql.utf8_to_string()), null);
        }

        return connection;
    }

    public void Return(SqliteConnection connection) => _idle.Add(connection);

    public void Dispose()
    {
        while (_idle.TryTake(out var connection))
        {
            connection.Dispose();
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
