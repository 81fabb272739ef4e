using System.Globalization;
using Microsoft.Data.Sqlite;

namespace LoanJourney.Engine.Tests.Support;

/// <summary>Reads an engine's SQLite file directly (another process may be writing it: WAL readers do not block).</summary>
public static class EngineDatabase
{
    public sealed record JournalRow(string InstanceId, string Kind, string? StepId, int? Attempt);

    public static IReadOnlyList<(string Id, string Status, string? Outcome)> Instances(string path) =>
        Query(path, "SELECT id, status, outcome FROM instances ORDER BY id", r => (r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2)));

    /// <summary>Step executions the engine committed: one StepCompleted or StepFailed journal entry each.</summary>
    public static IReadOnlyList<JournalRow> StepResults(string path) =>
        Query(path, "SELECT instance_id, kind, step_id, attempt FROM journal WHERE kind IN ('StepCompleted', 'StepFailed') ORDER BY seq",
            r => new JournalRow(r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.IsDBNull(3) ? null : r.GetInt32(3)));

    public static string Key(JournalRow row) => $"{row.StepId}/{row.Attempt?.ToString(CultureInfo.InvariantCulture)}";

    private static List<T> Query<T>(string path, string sql, Func<SqliteDataReader, T> map)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        SQLitePCL.Batteries_V2.Init();
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, DefaultTimeout = 10 }.ToString());
        connection.Open();
        using (var busy = connection.CreateCommand())
        {
            busy.CommandText = "PRAGMA busy_timeout = 10000";
            busy.ExecuteNonQuery();
        }

        using var command = connection.CreateCommand();
        command.CommandText = sql;
        try
        {
            using var reader = command.ExecuteReader();
            var rows = new List<T>();
            while (reader.Read())
            {
                rows.Add(map(reader));
            }

            return rows;
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 1)
        {
            // Killed before the first migration committed: no tables yet.
            return [];
        }
    }
}
