using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace LoanJourney.Bench;

/// <summary>
/// The two-connection lock measurement: one connection holds a write lock (<c>BEGIN IMMEDIATE</c>) and releases it after
/// 50 ms; another, with SQLite's own busy handler (<c>PRAGMA busy_timeout</c>), waits for it. Prints how long after the
/// release the waiter got the lock. A SQLite built without HAVE_USLEEP sleeps whole seconds in its busy handler, so the
/// waiter returns ~1,000 ms after it started waiting instead of soon after the release.
/// </summary>
internal static class LockBench
{
    private const int HoldMs = 50;

    public static async Task RunAsync(string root, int rounds)
    {
        SQLitePCL.Batteries_V2.Init();
        var path = Path.Combine(root, "lock.db");
        using var holder = Open(path);
        using var waiter = Open(path);
        Execute(holder, "PRAGMA journal_mode = WAL; CREATE TABLE t (n INTEGER)");
        var total = new List<double>(rounds);
        var afterRelease = new List<double>(rounds);
        for (var i = 0; i < rounds; i++)
        {
            Execute(holder, "BEGIN IMMEDIATE; INSERT INTO t VALUES (1)");
            var clock = Stopwatch.StartNew();
            var acquired = Task.Run(() =>
            {
                Execute(waiter, "BEGIN IMMEDIATE");
                var at = clock.Elapsed.TotalMilliseconds;
                Execute(waiter, "INSERT INTO t VALUES (2); COMMIT");
                return at;
            });
            await Task.Delay(HoldMs);
            Execute(holder, "COMMIT");
            var released = clock.Elapsed.TotalMilliseconds;
            var at = await acquired;
            total.Add(at);
            afterRelease.Add(at - released);
        }

        using var version = waiter.CreateCommand();
        version.CommandText = "SELECT sqlite_version()";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"lock: SQLite {version.ExecuteScalar()}, {rounds} rounds, lock held {HoldMs} ms, waiter on PRAGMA busy_timeout = 10000 (SQLite's own handler); nproc {Environment.ProcessorCount}, load average {Latencies.LoadAverage()}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| waiter got the lock after it started waiting, min / median / max | {total.Min():F1} / {Median(total):F1} / {total.Max():F1} ms |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| of which after the release, min / median / max | {afterRelease.Min():F1} / {Median(afterRelease):F1} / {afterRelease.Max():F1} ms |"));
    }

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        Execute(connection, "PRAGMA busy_timeout = 10000");
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
