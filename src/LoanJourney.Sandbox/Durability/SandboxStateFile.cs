using Microsoft.Data.Sqlite;

namespace LoanJourney.Sandbox.Durability;

/// <summary>
/// The sandbox's state on disk: one SQLite table of documents, <c>(kind, key) → JSON</c>, one row per sandbox object (a
/// user, an operation, an app, a queued webhook, a customer's counters). WAL, with the engine's <c>synchronous</c> rule.
/// Every write is one transaction (<see cref="Write"/>), called with the sandbox's state lock held.
/// </summary>
internal sealed class SandboxStateFile : IDisposable
{
    private readonly SqliteConnection _connection;

    public SandboxStateFile(string path, string synchronous)
    {
        SQLitePCL.Batteries_V2.Init();
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        FilePath = path;
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        Execute($"""
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = {Synchronous(synchronous)};
            CREATE TABLE IF NOT EXISTS documents (kind TEXT NOT NULL, key TEXT NOT NULL, json TEXT NOT NULL, PRIMARY KEY (kind, key)) WITHOUT ROWID;
            """);
    }

    public string FilePath { get; }

    public List<(string Key, string Json)> Load(string kind)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT key, json FROM documents WHERE kind = $kind ORDER BY key";
        command.Parameters.AddWithValue("$kind", kind);
        using var reader = command.ExecuteReader();
        var rows = new List<(string, string)>();
        while (reader.Read())
        {
            rows.Add((reader.GetString(0), reader.GetString(1)));
        }

        return rows;
    }

    /// <summary>Applies the changes <paramref name="collect"/> reports, all in one transaction.</summary>
    public void Write(Action<IDocumentWriter> collect)
    {
        using var transaction = _connection.BeginTransaction();
        using var batch = new Batch(_connection, transaction);
        collect(batch);
        transaction.Commit();
    }

    public void Clear() => Execute("DELETE FROM documents;");

    public void Dispose() => _connection.Dispose();

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static string Synchronous(string value) => value.ToUpperInvariant() switch
    {
        "FULL" => "FULL",
        "NORMAL" => "NORMAL",
        "EXTRA" => "EXTRA",
        _ => throw new ArgumentException($"Sandbox:Synchronous must be FULL, NORMAL or EXTRA, not '{value}'.", nameof(value)),
    };

    private sealed class Batch : IDocumentWriter, IDisposable
    {
        private readonly SqliteCommand _put;
        private readonly SqliteCommand _delete;

        public Batch(SqliteConnection connection, SqliteTransaction transaction)
        {
            _put = connection.CreateCommand();
            _put.Transaction = transaction;
            _put.CommandText = "INSERT INTO documents (kind, key, json) VALUES ($kind, $key, $json) ON CONFLICT (kind, key) DO UPDATE SET json = excluded.json";
            _delete = connection.CreateCommand();
            _delete.Transaction = transaction;
            _delete.CommandText = "DELETE FROM documents WHERE kind = $kind AND key = $key";
        }

        public void Put(string kind, string key, string json) => Run(_put, kind, key, json);

        public void Delete(string kind, string key) => Run(_delete, kind, key, null);

        public void Dispose()
        {
            _put.Dispose();
            _delete.Dispose();
        }

        private static void Run(SqliteCommand command, string kind, string key, string? json)
        {
            command.Parameters.Clear();
            command.Parameters.AddWithValue("$kind", kind);
            command.Parameters.AddWithValue("$key", key);
            if (json is not null)
            {
                command.Parameters.AddWithValue("$json", json);
            }

            command.ExecuteNonQuery();
        }
    }
}
