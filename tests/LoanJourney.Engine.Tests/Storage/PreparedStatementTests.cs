using System.Collections.Concurrent;
using System.Globalization;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Storage;
using LoanJourney.Engine.Storage.Sqlite;
using LoanJourney.Engine.Tests.Support;
using Microsoft.Data.Sqlite;

namespace LoanJourney.Engine.Tests.Storage;

/// <summary>
/// A regression guard that is not timed: the SQLite store's hot paths run statements kept prepared per pooled connection
/// (SQLite parses each once per connection), so the commands they create do not grow with the work done, and every
/// statement of a step transition or a webhook delivery (transaction control aside) runs through them.
/// </summary>
public sealed class PreparedStatementTests
{
    // Start and drain use seven distinct statements (insert instance, insert journal, select instance, claim, next ready_at,
    // select bookmarks, update instance); one more is margin. Thirty steps alone run over ninety statements.
    private const int StatementsPerConnection = 8;

    [Fact]
    public async Task NoopStepTransitions_RunOnlyPreparedStatements_CreatedOncePerConnection()
    {
        foreach (var steps in new[] { 3, 30 })
        {
            var (statements, prepared, connections, commands, checkpointBlocked) = await DrainChainAsync(steps);

            Assert.True(statements >= 3 * steps, $"{steps} steps ran {statements} statements");
            Assert.Equal(statements, prepared);
            Assert.True(commands <= connections * StatementsPerConnection,
                $"{steps} steps created {commands} commands on {connections} connections (limit {StatementsPerConnection} each)");
            // A kept statement that was not reset after its last use would hold a read snapshot and block the checkpoint.
            Assert.False(checkpointBlocked);
        }
    }

    [Fact]
    public async Task WebhookDeliveries_RunOnlyPreparedStatements_CreatedOnce()
    {
        var root = Directory.CreateTempSubdirectory("lj-prepared-").FullName;
        var statements = new ConcurrentQueue<string>();
        try
        {
            using var store = new SqliteWorkflowStore(
                new SqliteStoreOptions { DatabasePath = Path.Combine(root, "inbox.db"), StatementObserver = statements.Enqueue }, TimeProvider.System);
            await store.InitializeAsync(default);
            async Task<(int Commands, long Executions, int Statements)> DeliverAsync(int from, int count)
            {
                statements.Clear();
                var executions = store.PreparedStatementStatistics().Executions;
                for (var i = from; i < from + count; i++)
                {
                    var result = await store.DeliverWebhookAsync($"e{i}", $"finbox:c{i}:LOAN_DISBURSED", "{}", null, DateTimeOffset.UnixEpoch, default);
                    Assert.Equal(WebhookDeliveryStatus.Buffered, result.Status);
                }

                var after = store.PreparedStatementStatistics();
                return (after.CommandsCreated, after.Executions - executions, statements.Count(s => !IsTransactionControl(s)));
            }

            var first = await DeliverAsync(0, 4);
            var more = await DeliverAsync(4, 40);

            // INSERT inbox, SELECT bookmark: two statements, two commands, however many deliveries.
            Assert.Equal(2, first.Commands);
            Assert.Equal(2, more.Commands);
            Assert.Equal(80, more.Executions);
            Assert.Equal(more.Statements, more.Executions);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }

    private static bool IsTransactionControl(string sql) =>
        new[] { "BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE" }.Any(k => sql.StartsWith(k, StringComparison.OrdinalIgnoreCase));

    // Statements of the drain (transaction control aside), those run prepared, the store's connections and commands, and
    // whether a full checkpoint was blocked by a reader once the drain was over.
    private static async Task<(int Statements, long Prepared, int Connections, int Commands, bool CheckpointBlocked)> DrainChainAsync(int steps)
    {
        var root = Directory.CreateTempSubdirectory("lj-prepared-").FullName;
        var statements = new ConcurrentQueue<string>();
        try
        {
            var path = Path.Combine(root, "prepared.db");
            await using var engine = await NoopChainEngine.StartAsync(root, steps, clock => new SqliteWorkflowStore(
                new SqliteStoreOptions { DatabasePath = path, StatementObserver = statements.Enqueue }, clock));
            statements.Clear();
            var before = engine.Store.PreparedStatementStatistics();
            await engine.DrainAsync();
            var after = engine.Store.PreparedStatementStatistics();
            // "-- …" lines are the triggers' programs run inside the prepared UPDATE (migration 0017), not statements of their own.
            var observed = statements.Count(s => !IsTransactionControl(s) && !s.StartsWith("--", StringComparison.Ordinal));
            Assert.Equal(WorkflowStatus.Completed, await engine.GetStatusAsync());
            using var checkpoint = new SqliteConnection($"Data Source={path};Pooling=False;Default Timeout=1");
            checkpoint.Open();
            using var command = checkpoint.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            // The store's background checkpoint (run shortly after the drain's last commit) holds the checkpointer lock for a
            // moment, and SQLite answers busy at once then: try again for a while. A statement left unreset holds its
            // snapshot for good and keeps every try busy.
            var blocked = true;
            for (var attempt = 0; attempt < 100 && blocked; attempt++)
            {
                if (attempt > 0)
                {
                    await Task.Delay(20);
                }

                blocked = Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) != 0;
            }

            return (observed, after.Executions - before.Executions, after.Connections, after.CommandsCreated, blocked);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }
}
