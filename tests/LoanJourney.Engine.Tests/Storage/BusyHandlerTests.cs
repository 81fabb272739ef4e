using LoanJourney.Engine.Model;
using LoanJourney.Engine.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace LoanJourney.Engine.Tests.Storage;

/// <summary>
/// The store's connections wait for a lock held elsewhere with our busy handler (1–10 ms sleeps), not SQLite's own: the bundled
/// e_sqlite3 lacks HAVE_USLEEP, so SQLite's handler sleeps whole seconds. Not timed: the handler's own counter proves it ran.
/// </summary>
public sealed class BusyHandlerTests
{
    [Fact]
    public void Retries_SleepAtMostTenMilliseconds_AndGrowFromOne()
    {
        Assert.Equal([1, 2, 4, 8, 10, 10, 10], Enumerable.Range(0, 7).Select(SqliteBusyHandler.DelayMs));
        Assert.All(Enumerable.Range(0, 10_000), i => Assert.InRange(SqliteBusyHandler.DelayMs(i), 1, 10));
    }

    [Fact]
    public async Task AWriteWaitingForAnotherConnectionsLock_RetriesThroughOurHandler_AndCommitsWhenItIsReleased()
    {
        var root = Directory.CreateTempSubdirectory("lj-busy-").FullName;
        try
        {
            var path = Path.Combine(root, "busy.db");
            using var store = new SqliteWorkflowStore(new SqliteStoreOptions { DatabasePath = path, BusyTimeout = TimeSpan.FromSeconds(30) }, TimeProvider.System);
            await store.InitializeAsync(default);
            using var holder = new SqliteConnection($"Data Source={path};Pooling=False");
            holder.Open();
            using (var begin = holder.CreateCommand())
            {
                begin.CommandText = "BEGIN IMMEDIATE";
                begin.ExecuteNonQuery();
            }

            var before = SqliteBusyHandler.Waits;
            var delivery = store.DeliverWebhookAsync("e1", "k1", "{}", DateTimeOffset.UnixEpoch, default);

            // SQLite's own handler would not move this counter (and would sleep a second per retry).
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            while (SqliteBusyHandler.Waits - before < 5)
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
}
