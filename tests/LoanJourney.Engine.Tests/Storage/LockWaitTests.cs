using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace LoanJourney.Engine.Tests.Storage;

/// <summary>
/// Two connections on one file: a store write that finds another connection's write lock waits for it through SQLite's own
/// busy handler (<c>PRAGMA busy_timeout</c>) and commits once the lock is released. The e_sqlite3 of SQLitePCLRaw 2.1
/// is built with HAVE_USLEEP, so that handler sleeps milliseconds; how long the wait takes is measured by
/// <c>bench … -- lock</c> (docs/PERFORMANCE.md), not asserted here.
/// </summary>
public sealed class LockWaitTests
{
    [Fact]
    public async Task AWriteWaitingForAnotherConnectionsLock_CommitsWhenItIsReleased()
    {
        var root = Directory.CreateTempSubdirectory("lj-lock-").FullName;
        try
        {
            var path = Path.Combine(root, "lock.db");
            var statements = new ConcurrentQueue<string>();
            using var store = new SqliteWorkflowStore(
                new SqliteStoreOptions { DatabasePath = path, BusyTimeout = TimeSpan.FromSeconds(30), StatementObserver = statements.Enqueue },
                TimeProvider.System);
            await store.InitializeAsync(default);
            using var holder = new SqliteConnection($"Data Source={path};Pooling=False");
            holder.Open();
            using (var begin = holder.CreateCommand())
            {
                begin.CommandText = "BEGIN IMMEDIATE";
                begin.ExecuteNonQuery();
            }

            statements.Clear();
            var delivery = store.DeliverWebhookAsync("e1", "k1", "{}", null, DateTimeOffset.UnixEpoch, default);

            // The store's BEGIN IMMEDIATE has started (the trace fires as the statement starts), so it is waiting for the lock.
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            while (!statements.Any(s => s.StartsWith("BEGIN IMMEDIATE", StringComparison.OrdinalIgnoreCase)))
            {
                await Task.Delay(5, deadline.Token);
            }

            Assert.False(delivery.IsCompleted);
            using (var commit = holder.CreateCommand())
            {
                commit.CommandText = "COMMIT";
                commit.ExecuteNonQuery();
            }

            Assert.Equal(WebhookDeliveryStatus.Buffered, (await delivery.WaitAsync(deadline.Token)).Status);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void TheBundledSqlite_SleepsMilliseconds_NotWholeSeconds()
    {
        SQLitePCL.Batteries_V2.Init();

        // sqlite3_sleep answers the sleep it asked the VFS for: a build without HAVE_USLEEP (SQLitePCLRaw 2.0.6) rounds 1 ms
        // up to 1,000. Not timed: the answer is what the library computed, not a clock reading.
        Assert.Equal(1, NativeMethods.sqlite3_sleep(1));
    }

    // SQLitePCLRaw has no binding for sqlite3_sleep; the bundled library exports it.
    private static class NativeMethods
    {
        [DllImport("e_sqlite3", CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int sqlite3_sleep(int ms);
    }
}
