using LoanJourney.Engine.Model;
using LoanJourney.Engine.Storage;
using LoanJourney.Engine.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace LoanJourney.Engine.Tests.Storage;

/// <summary>
/// The SQLite store checkpoints its WAL in the background, not inside a commit: committed pages reach the database file
/// shortly after the commits, without any commit having crossed SQLite's automatic-checkpoint threshold (1,000 pages),
/// and the commits' outcome is the same as ever.
/// </summary>
public sealed class CheckpointTests
{
    private const int Deliveries = 20;

    [Fact]
    public async Task CommittedPages_ReachTheDatabaseFile_WithoutACommitCheckpointing()
    {
        var root = Directory.CreateTempSubdirectory("lj-checkpoint-").FullName;
        try
        {
            var path = Path.Combine(root, "store.db");
            using var store = new SqliteWorkflowStore(new SqliteStoreOptions { DatabasePath = path }, TimeProvider.System);
            await store.InitializeAsync(default);
            var payload = "{\"blob\":\"" + new string('x', 3000) + "\"}";
            for (var i = 0; i < Deliveries; i++)
            {
                var result = await store.DeliverWebhookAsync($"e{i}", $"finbox:c{i}:LOAN_DISBURSED", payload, null, DateTimeOffset.UnixEpoch, default);
                Assert.Equal(WebhookDeliveryStatus.Buffered, result.Status);
            }

            // Twenty small commits are far below the automatic checkpoint's 1,000 pages: only a checkpoint beside the
            // commits can have copied them into the main file. Wait for it (bounded; the loop runs within a second of a commit).
            var deadline = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(60);
            var inFile = 0L;
            while (TimeProvider.System.GetUtcNow() < deadline && (inFile = RowsInMainFileOnly(path, root)) < Deliveries)
            {
                await Task.Delay(20);
            }

            Assert.Equal(Deliveries, inFile);
            var (runs, failures) = store.CheckpointStatistics();
            Assert.True(runs > 0, "no background checkpoint ran");
            Assert.Equal(0, failures);

            // Every delivery is still there through the store's own connections (WAL and file together).
            using var check = new SqliteConnection($"Data Source={path};Pooling=False");
            check.Open();
            using var count = check.CreateCommand();
            count.CommandText = "SELECT COUNT(*) FROM webhook_inbox";
            Assert.Equal((long)Deliveries, (long)count.ExecuteScalar()!);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task Dispose_StopsTheCheckpointLoop_AndTheFileStaysConsistent()
    {
        var root = Directory.CreateTempSubdirectory("lj-checkpoint-").FullName;
        try
        {
            var path = Path.Combine(root, "store.db");
            for (var round = 0; round < 3; round++)
            {
                // Disposed right after its commits, while a checkpoint is due: Dispose returns, and the next store on the
                // same file reads every delivery so far.
                using (var store = new SqliteWorkflowStore(new SqliteStoreOptions { DatabasePath = path }, TimeProvider.System))
                {
                    await store.InitializeAsync(default);
                    for (var i = 0; i < 5; i++)
                    {
                        await store.DeliverWebhookAsync($"r{round}e{i}", $"finbox:r{round}c{i}:LOAN_DISBURSED", "{}", null, DateTimeOffset.UnixEpoch, default);
                    }
                }

                using var check = new SqliteConnection($"Data Source={path};Pooling=False");
                check.Open();
                using var integrity = check.CreateCommand();
                integrity.CommandText = "PRAGMA integrity_check";
                Assert.Equal("ok", (string)integrity.ExecuteScalar()!);
                using var count = check.CreateCommand();
                count.CommandText = "SELECT COUNT(*) FROM webhook_inbox";
                Assert.Equal(5L * (round + 1), (long)count.ExecuteScalar()!);
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }

    // Rows of the inbox in a copy of the database file alone (no WAL beside it): what checkpoints have copied so far.
    private static long RowsInMainFileOnly(string path, string root)
    {
        var copy = Path.Combine(root, "main-only.db");
        File.Copy(path, copy, overwrite: true);
        try
        {
            using var connection = new SqliteConnection($"Data Source={copy};Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE name = 'webhook_inbox'";
            if ((long)command.ExecuteScalar()! == 0)
            {
                return 0;
            }

            command.CommandText = "SELECT COUNT(*) FROM webhook_inbox";
            return (long)command.ExecuteScalar()!;
        }
        catch (SqliteException)
        {
            // A copy taken while a checkpoint was writing the file can be torn: read again on the next round.
            return -1;
        }
        finally
        {
            foreach (var file in new[] { copy, copy + "-wal", copy + "-shm" })
            {
                File.Delete(file);
            }
        }
    }
}
