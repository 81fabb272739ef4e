using System.Collections.Concurrent;
using System.Reflection;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Storage.Sqlite;
using LoanJourney.Engine.Tests.Support;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace LoanJourney.Engine.Tests.Storage;

/// <summary>
/// A write that fails inside a shared commit (group commit) rolls back alone, whether it opened a savepoint (a routed
/// webhook: four changes) or needed none (a buffered webhook: one INSERT, undone by SQLite itself); the other writes of
/// the batch commit. The failure is made by a trigger that refuses one row. The writer begins and commits with statements
/// it compiles once per connection, not once per commit (docs/PERFORMANCE.md, round 51), and a lone write that fails still
/// leaves nothing.
/// </summary>
public sealed class GroupCommitTests : IDisposable
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UnixEpoch;
    private readonly string _root = Directory.CreateTempSubdirectory("lj-group-").FullName;

    private string DatabasePath => Path.Combine(_root, "group.db");

    [Fact]
    public async Task RoutedWebhook_FailingAfterItsInboxInsert_InASharedCommit_RollsBackAlone()
    {
        using var store = new SqliteWorkflowStore(new SqliteStoreOptions { DatabasePath = DatabasePath }, TimeProvider.System);
        await store.InitializeAsync(default);
        for (var i = 0; i < 3; i++)
        {
            await WebhookWaits.WaitOnWebhookAsync(store, $"i{i}", $"finbox:c{i}:LOAN_DISBURSED", Now);
        }

        // The journey's UPDATE runs after the event's INSERT: refusing it leaves a half-done write unless the savepoint undoes it.
        Execute("CREATE TRIGGER refuse_i1 BEFORE UPDATE ON instances WHEN NEW.id = 'i1' AND NEW.pending_stimulus_json IS NOT NULL " +
            "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END");

        var (results, failed) = await DeliverTogetherAsync(store,
            ("b0", "finbox:nobody:LOAN_DISBURSED"), ("e0", "finbox:c0:LOAN_DISBURSED"), ("e1", "finbox:c1:LOAN_DISBURSED"),
            ("e2", "finbox:c2:LOAN_DISBURSED"), ("b1", "finbox:nobody:LOAN_DISBURSED"));

        Assert.Equal(["e1"], failed);
        Assert.Equal(WebhookDeliveryStatus.Routed, results["e0"].Status);
        Assert.Equal(WebhookDeliveryStatus.Routed, results["e2"].Status);
        Assert.Equal(["b0", "b1", "e0", "e2"], InboxEventIds());
        Assert.Equal(WorkflowStatus.Waiting, (await store.GetInstanceAsync("i1", default))!.Status);
        Assert.Single(await store.GetBookmarksAsync("i1", default));
        Assert.Empty(await store.GetBookmarksAsync("i0", default));
        Assert.Empty(await store.GetBookmarksAsync("i2", default));
    }

    [Fact]
    public async Task BufferedWebhook_FailingInASharedCommit_LeavesNothing_AndTheOthersCommit()
    {
        using var store = new SqliteWorkflowStore(new SqliteStoreOptions { DatabasePath = DatabasePath }, TimeProvider.System);
        await store.InitializeAsync(default);
        Execute("CREATE TRIGGER refuse_bad BEFORE INSERT ON webhook_inbox WHEN NEW.event_id = 'bad' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END");

        var (results, failed) = await DeliverTogetherAsync(store,
            ("b0", "finbox:a:LOAN_DISBURSED"), ("b1", "finbox:b:LOAN_DISBURSED"), ("bad", "finbox:c:LOAN_DISBURSED"),
            ("b2", "finbox:d:LOAN_DISBURSED"), ("b1", "finbox:b:LOAN_DISBURSED"));

        Assert.Equal(["bad"], failed);
        Assert.Equal(["b0", "b1", "b2"], InboxEventIds());
        Assert.Equal(WebhookDeliveryStatus.Buffered, results["b2"].Status);
    }

    [Fact]
    public async Task LoneCommits_CompileTheirBeginAndCommitOncePerConnection_NotOncePerCommit()
    {
        var traced = new ConcurrentQueue<string>();
        using var store = new SqliteWorkflowStore(
            new SqliteStoreOptions { DatabasePath = DatabasePath, StatementObserver = traced.Enqueue }, TimeProvider.System);
        await store.InitializeAsync(default);
        await store.DeliverWebhookAsync("w0", "finbox:w:LOAN_DISBURSED", "{}", null, Now, default);

        // SQLite calls a connection's authorizer when it compiles a statement (sqlite3_prepare, or the re-preparation of an
        // expired one), never when it runs it; BEGIN, COMMIT and ROLLBACK are reported as SQLITE_TRANSACTION. Setting the
        // authorizer expires the connection's prepared statements, so a statement kept prepared is compiled once more, at its
        // next use, and then no more.
        var writer = WriterConnection(store);
        var compiled = new ConcurrentQueue<string>();
        raw.sqlite3_set_authorizer(writer.Handle, (delegate_authorizer)((_, action, what, _, _, _) =>
        {
            if (action == raw.SQLITE_TRANSACTION)
            {
                compiled.Enqueue(what.utf8_to_string());
            }

            return raw.SQLITE_OK;
        }), null);
        traced.Clear();
        const int Commits = 20;
        try
        {
            for (var i = 1; i <= Commits; i++)
            {
                Assert.Equal(WebhookDeliveryStatus.Buffered,
                    (await store.DeliverWebhookAsync($"w{i}", $"finbox:w{i}:LOAN_DISBURSED", "{}", null, Now, default)).Status);
            }
        }
        finally
        {
            raw.sqlite3_set_authorizer(writer.Handle, (delegate_authorizer?)null, null);
        }

        // Each delivery committed alone, on the same connection, in its own BEGIN IMMEDIATE transaction.
        Assert.Same(writer, WriterConnection(store));
        Assert.Equal(Commits, traced.Count(s => s == "BEGIN IMMEDIATE;"));
        Assert.Equal(Commits, traced.Count(s => s == "COMMIT;"));
        // Once each after the authorizer expired them (main compiled both on every commit: 40 here).
        Assert.True(compiled.Count <= 2, $"{Commits} commits compiled {compiled.Count} transaction statements: {string.Join(", ", compiled)}");
    }

    [Fact]
    public async Task ALoneWriteThatFails_LeavesNothing_AndTheNextCommits()
    {
        using var store = new SqliteWorkflowStore(new SqliteStoreOptions { DatabasePath = DatabasePath }, TimeProvider.System);
        await store.InitializeAsync(default);
        await WebhookWaits.WaitOnWebhookAsync(store, "i1", "finbox:c1:LOAN_DISBURSED", Now);
        await store.DeliverWebhookAsync("b0", "finbox:nobody:LOAN_DISBURSED", "{}", null, Now, default);
        // The journey's UPDATE runs after the event's INSERT: alone in its transaction, the write's failure must undo the INSERT.
        Execute("CREATE TRIGGER refuse_i1 BEFORE UPDATE ON instances WHEN NEW.id = 'i1' AND NEW.pending_stimulus_json IS NOT NULL " +
            "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END");

        var failure = await Assert.ThrowsAsync<SqliteException>(() => store.DeliverWebhookAsync("e1", "finbox:c1:LOAN_DISBURSED", "{}", null, Now, default));
        Assert.Contains("refused by the test", failure.Message, StringComparison.Ordinal);
        Assert.Equal(["b0"], InboxEventIds());
        Assert.Single(await store.GetBookmarksAsync("i1", default));

        Assert.Equal(WebhookDeliveryStatus.Buffered, (await store.DeliverWebhookAsync("b1", "finbox:nobody:LOAN_DISBURSED", "{}", null, Now, default)).Status);
        Assert.Equal(["b0", "b1"], InboxEventIds());
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }

    // The first delivery takes the writer while another connection holds the write lock; the others queue meanwhile and
    // share the next commit.
    private async Task<(Dictionary<string, WebhookDeliveryResult> Results, List<string> Failed)> DeliverTogetherAsync(
        SqliteWorkflowStore store, params (string EventId, string Key)[] deliveries)
    {
        using var holder = Open();
        Run(holder, "BEGIN IMMEDIATE");
        var tasks = deliveries.Select(d => (d.EventId, Task: store.DeliverWebhookAsync(d.EventId, d.Key, "{}", null, Now, default))).ToList();
        Run(holder, "COMMIT");

        var results = new Dictionary<string, WebhookDeliveryResult>(StringComparer.Ordinal);
        var failed = new List<string>();
        foreach (var (eventId, task) in tasks)
        {
            try
            {
                results.TryAdd(eventId, await task);
            }
            catch (SqliteException e) when (e.Message.Contains("refused by the test", StringComparison.Ordinal))
            {
                failed.Add(eventId);
            }
        }

        return (results, failed);
    }

    // The group-commit writer's own connection (a private field: this test reads what SQLite does on it, on any version of the store).
    private static SqliteConnection WriterConnection(SqliteWorkflowStore store) =>
        Assert.IsType<SqliteConnection>(typeof(SqliteWorkflowStore).GetField("_writer", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(store));

    private List<string> InboxEventIds()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT event_id FROM webhook_inbox ORDER BY event_id";
        using var reader = command.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    private void Execute(string sql)
    {
        using var connection = Open();
        Run(connection, sql);
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False;Default Timeout=30");
        connection.Open();
        return connection;
    }

    private static void Run(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
