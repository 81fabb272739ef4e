using System.Collections.Concurrent;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Storage;
using LoanJourney.Engine.Storage.Sqlite;
using LoanJourney.Engine.Tests.Support;
using Microsoft.Data.Sqlite;

namespace LoanJourney.Engine.Tests.Storage;

/// <summary>
/// A regression guard that is not timed: counts the SQL statements (SQLite trace, BEGIN and COMMIT included) the engine
/// runs per no-op step transition. More statements per step is a performance regression; lower the limit when it drops.
/// </summary>
public sealed class StatementCountTests
{
    // BEGIN IMMEDIATE, UPDATE instances ... RETURNING, the funnel's two upserts (the step reached and completed, its
    // duration; migration 0021: the engine writes what the step changed instead of the trigger re-reading both histories),
    // INSERT journal (StepStarted), INSERT journal (StepCompleted), COMMIT.
    private const int StatementsPerNoopStep = 7;

    // The operator views' triggers as SQLite traces them: the funnel trigger (migration 0017) entered with a false WHEN (the
    // engine applied the step's change itself) and migration 0020's current-step trigger entered with a false WHEN (a running
    // journey). The step commit names neither the status nor the outcome when they stay (i17u), so the counts trigger, the
    // journal-compaction queue's trigger (0019) and the incident-count trigger (0020) are not entered (they were, with a false
    // WHEN: five before).
    private const int TriggerStatementsPerNoopStep = 2;

    [Fact]
    public async Task NoopStepTransition_CostsOneTransactionOfSevenStatements_AndNoTriggerWrites()
    {
        var (short2, shortTx, shortTriggers) = await CountAsync(steps: 2);
        var (long12, longTx, longTriggers) = await CountAsync(steps: 12);

        Assert.Equal(10, longTx - shortTx);
        Assert.True((long12 - short2) / 10.0 <= StatementsPerNoopStep,
            $"a no-op step now costs {(long12 - short2) / 10.0} statements (limit {StatementsPerNoopStep})");
        Assert.True((longTriggers.Count - shortTriggers.Count) / 10.0 <= TriggerStatementsPerNoopStep,
            $"a no-op step now fires {(longTriggers.Count - shortTriggers.Count) / 10.0} trigger statements (limit {TriggerStatementsPerNoopStep}): " +
            string.Join(" | ", longTriggers.GroupBy(t => t[..Math.Min(60, t.Length)]).Select(g => g.Key + " x" + g.Count())));
    }

    // Alone: BEGIN IMMEDIATE, SELECT bookmark, INSERT inbox (the payload protected before the write, session 31: no statement), COMMIT. In a shared commit: SAVEPOINT, SELECT, INSERT, RELEASE,
    // plus its share of BEGIN and COMMIT.
    private const int StatementsPerBufferedWebhook = 4;

    // BEGIN IMMEDIATE, SELECT bookmark, INSERT inbox (written already consumed by the journey, without its payload), DELETE bookmarks, UPDATE
    // instance (stimulus, ready), INSERT journal, COMMIT: no UPDATE of the inbox row. Triggers on the instance update are
    // not counted here (the no-op step guard bounds them).
    private const int StatementsPerRoutedWebhook = 7;
    private const int Deliveries = 32;

    [Fact]
    public async Task BufferedWebhook_AloneCostsOneTransactionOfFourStatements()
    {
        var (statements, transactions, _) = await CountDeliveriesAsync(concurrent: false);

        Assert.Equal(Deliveries, transactions);
        Assert.True(statements <= Deliveries * StatementsPerBufferedWebhook,
            $"a buffered webhook now costs {statements / (double)Deliveries} statements (limit {StatementsPerBufferedWebhook})");
    }

    [Fact]
    public async Task RoutedWebhook_AloneCostsOneTransactionOfSevenStatements()
    {
        var root = Directory.CreateTempSubdirectory("lj-count-").FullName;
        var statements = new ConcurrentQueue<string>();
        try
        {
            using var store = new SqliteWorkflowStore(
                new SqliteStoreOptions { DatabasePath = Path.Combine(root, "routed.db"), StatementObserver = statements.Enqueue }, TimeProvider.System);
            await store.InitializeAsync(default);
            var now = DateTimeOffset.UnixEpoch;
            for (var i = 0; i < Deliveries; i++)
            {
                await WebhookWaits.WaitOnWebhookAsync(store, $"i{i}", $"finbox:c{i}:LOAN_DISBURSED", now);
            }

            statements.Clear();
            for (var i = 0; i < Deliveries; i++)
            {
                Assert.Equal(new WebhookDeliveryResult(WebhookDeliveryStatus.Routed, $"i{i}"),
                    await store.DeliverWebhookAsync($"e{i}", $"finbox:c{i}:LOAN_DISBURSED", "{}", null, now, default));
            }

            var counted = statements.Where(s => !s.StartsWith("--", StringComparison.Ordinal)).ToList();
            Assert.Equal(Deliveries, counted.Count(s => s.StartsWith("BEGIN", StringComparison.OrdinalIgnoreCase)));
            Assert.True(counted.Count <= Deliveries * StatementsPerRoutedWebhook,
                $"a routed webhook now costs {counted.Count / (double)Deliveries} statements (limit {StatementsPerRoutedWebhook}): " +
                string.Join(" | ", counted.GroupBy(t => t[..Math.Min(40, t.Length)]).Select(g => g.Key + " x" + g.Count())));
            Assert.DoesNotContain(counted, s => s.StartsWith("UPDATE webhook_inbox", StringComparison.OrdinalIgnoreCase));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task ConcurrentWebhooks_ShareTheirCommits()
    {
        var (statements, transactions, _) = await CountDeliveriesAsync(concurrent: true);

        // The writer's first transaction waits for the write lock held below; every other delivery queues meanwhile and
        // they all commit together next (group commit: one fsync for all of them).
        Assert.True(transactions <= 2, $"{Deliveries} concurrent deliveries took {transactions} transactions");
        Assert.True(statements <= Deliveries * (StatementsPerBufferedWebhook + 0.25),
            $"a webhook in a shared commit now costs {statements / (double)Deliveries} statements");
    }

    // In a shared commit a buffered webhook's one change (its INSERT) needs no savepoint of its own: SELECT bookmark and
    // INSERT inbox, plus its share of BEGIN and COMMIT (i17g; was SAVEPOINT, SELECT, INSERT, RELEASE).
    private const int StatementsPerBufferedWebhookInASharedCommit = 2;

    [Fact]
    public async Task BufferedWebhooks_InASharedCommit_CostTwoStatementsEach_AndNoSavepoint()
    {
        var (statements, transactions, traced) = await CountDeliveriesAsync(concurrent: true);

        Assert.True(transactions <= 2, $"{Deliveries} concurrent deliveries took {transactions} transactions");
        Assert.DoesNotContain(traced, s => s.StartsWith("SAVEPOINT", StringComparison.OrdinalIgnoreCase));
        Assert.True(statements <= Deliveries * (StatementsPerBufferedWebhookInASharedCommit + 0.25),
            $"a buffered webhook in a shared commit now costs {statements / (double)Deliveries} statements (limit " +
            $"{StatementsPerBufferedWebhookInASharedCommit}): " + string.Join(" | ", traced.GroupBy(t => t[..Math.Min(30, t.Length)]).Select(g => g.Key + " x" + g.Count())));
    }

    [Fact]
    public async Task ChangeFeedReads_SearchTheUpdatedIndex_InsteadOfScanningEveryInstance()
    {
        var root = Directory.CreateTempSubdirectory("lj-plan-").FullName;
        try
        {
            var path = Path.Combine(root, "plan.db");
            using (var store = new SqliteWorkflowStore(new SqliteStoreOptions { DatabasePath = path }, TimeProvider.System))
            {
                await store.InitializeAsync(default);
            }

            using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
            connection.Open();
            List<string> Plan(string sql)
            {
                using var command = connection.CreateCommand();
                command.CommandText = "EXPLAIN QUERY PLAN " + sql;
                command.Parameters.AddWithValue("@At", 0L);
                command.Parameters.AddWithValue("@Id", "");
                command.Parameters.AddWithValue("@Max", 100);
                var plan = new List<string>();
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    plan.Add(reader.GetString(3));
                }

                return plan;
            }

            // The rows are found by the index (the correlated incident lookup has its own); the marks the feed re-reads every poll
            // come from the index alone. (SQLite words it "SEARCH TABLE instances AS i USING …" or "SEARCH i USING …" by version.)
            var rows = Plan(SqliteWorkflowStore.SelectChangedInstances.Sql);
            Assert.Contains(rows, p => p.StartsWith("SEARCH", StringComparison.Ordinal) && p.Contains("ix_instances_updated", StringComparison.Ordinal));
            Assert.DoesNotContain(rows, p => p.StartsWith("SCAN", StringComparison.Ordinal));
            var marks = Assert.Single(Plan(SqliteWorkflowStore.SelectChangeMarks.Sql));
            Assert.Contains("COVERING INDEX ix_instances_updated", marks, StringComparison.Ordinal);
            Assert.StartsWith("SEARCH", marks, StringComparison.Ordinal);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task<(int Statements, int Transactions, List<string> Traced)> CountDeliveriesAsync(bool concurrent)
    {
        var root = Directory.CreateTempSubdirectory("lj-count-").FullName;
        var statements = new ConcurrentQueue<string>();
        try
        {
            var path = Path.Combine(root, "inbox.db");
            using var store = new SqliteWorkflowStore(new SqliteStoreOptions { DatabasePath = path, StatementObserver = statements.Enqueue }, TimeProvider.System);
            await store.InitializeAsync(default);
            statements.Clear();
            var now = DateTimeOffset.UnixEpoch;
            Task<WebhookDeliveryResult> Deliver(int i) =>
                store.DeliverWebhookAsync($"e{i}", $"finbox:c{i}:LOAN_DISBURSED", "{}", null, now, default);
            if (!concurrent)
            {
                for (var i = 0; i < Deliveries; i++)
                {
                    await Deliver(i);
                }
            }
            else
            {
                using var holder = new SqliteConnection($"Data Source={path};Pooling=False");
                holder.Open();
                using (var begin = holder.CreateCommand())
                {
                    begin.CommandText = "BEGIN IMMEDIATE";
                    begin.ExecuteNonQuery();
                }

                var deliveries = Enumerable.Range(0, Deliveries).Select(Deliver).ToArray();
                using (var commit = holder.CreateCommand())
                {
                    commit.CommandText = "COMMIT";
                    commit.ExecuteNonQuery();
                }

                Assert.All(await Task.WhenAll(deliveries), r => Assert.Equal(WebhookDeliveryStatus.Buffered, r.Status));
            }

            return (statements.Count, statements.Count(s => s.StartsWith("BEGIN", StringComparison.OrdinalIgnoreCase)), [.. statements]);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }

    // SQLite rewrites every index on a column an UPDATE names, changed or not: a step commit that keeps the workflow version
    // and the lease names neither (ix_instances_version_created, ix_instances_lease_owner), the last one, which gives the
    // lease back, names the lease owner.
    [Fact]
    public async Task StepCommits_NameTheWorkflowVersionNever_AndTheLeaseOwnerOnlyToGiveItBack()
    {
        var commits = await TraceChainStepCommitsAsync(5);

        Assert.True(commits.Count >= 5, $"{commits.Count} step commits traced");
        Assert.DoesNotContain(commits, s => s.Contains("workflow_version =", StringComparison.Ordinal) && !s.Contains("AND workflow_version =", StringComparison.Ordinal));
        Assert.All(commits, s => Assert.Contains("AND workflow_version =", s, StringComparison.Ordinal));
        Assert.Single(commits, s => s.Contains("lease_owner = CASE", StringComparison.Ordinal));
        Assert.Contains("lease_owner = CASE", commits[^1], StringComparison.Ordinal);
    }

    // The same for the columns of eight more indexes (the five holding status, ix_instances_ready, ix_instances_outcome,
    // ix_instances_waiting_since): a step that moves on to the next step of a running journey names the current step only,
    // and each commit is one UPDATE (the full statement, a second one, runs only when the row is not what the runner read).
    [Fact]
    public async Task StepCommits_NameStatusReadyAtAndOutcome_OnlyWhenTheyChange()
    {
        // The test clock stands still: every step of the chain is ready at the same time, so ready_at stays too.
        var sets = (await TraceChainStepCommitsAsync(5)).Select(s => s[..s.IndexOf(" WHERE ", StringComparison.Ordinal)]).ToList();

        Assert.Equal(5, sets.Count);
        Assert.All(sets[..^1], set =>
        {
            Assert.Contains("current_step = ", set, StringComparison.Ordinal);
            Assert.DoesNotContain("status = ", set, StringComparison.Ordinal);
            Assert.DoesNotContain("ready_at = ", set, StringComparison.Ordinal);
            Assert.DoesNotContain("outcome = ", set, StringComparison.Ordinal);
        });
        Assert.Contains("status = ", sets[^1], StringComparison.Ordinal);
        Assert.Contains("ready_at = ", sets[^1], StringComparison.Ordinal);
        Assert.Contains("current_step = ", sets[^1], StringComparison.Ordinal);
        Assert.DoesNotContain("outcome = ", sets[^1], StringComparison.Ordinal);
    }

    // Round 48 (docs/PERFORMANCE.md): a start is its inserts — the journey, its first journal entry, its audit entry — and no read:
    // the store answers the row it inserted from memory instead of reading it back (a SELECT of every column, its payloads
    // decrypted) for a caller that builds its answer from memory anyway.
    [Fact]
    public async Task AStart_RunsItsInsertsAndNoSelect()
    {
        var root = Directory.CreateTempSubdirectory("lj-count-").FullName;
        var statements = new ConcurrentQueue<string>();
        try
        {
            var now = new DateTimeOffset(2025, 1, 1, 9, 0, 0, TimeSpan.Zero);
            using var store = new SqliteWorkflowStore(
                new SqliteStoreOptions { DatabasePath = Path.Combine(root, "count.db"), StatementObserver = statements.Enqueue }, TimeProvider.System);
            await store.InitializeAsync(default);
            statements.Clear();

            var (_, created) = await store.CreateInstanceAsync(new InstanceRecord
            {
                Id = "i", WorkflowId = "wf", WorkflowVersion = 1, Status = WorkflowStatus.Running, InputJson = "{}", VariablesJson = "{}",
                OutputsJson = "{}", HistoryJson = "[]", CurrentStepId = "a", ReadyAt = now, CreatedAt = now, UpdatedAt = now,
            }, new JournalRecord(0, "i", now, JournalKinds.InstanceStarted, null, null, null),
                new AuditEntry(0, now, "ops", "start", "wf", "i", null, """{"version":1}"""), default);

            Assert.True(created);
            // The statements the start ran itself (a trigger's are traced as "-- …"), by their first three words.
            var own = statements.Where(s => !s.StartsWith("--", StringComparison.Ordinal)).Select(s => string.Join(' ', s.Split(' ').Take(3))).ToList();
            Assert.Equal(["INSERT INTO instances", "INSERT INTO journal", "INSERT INTO audit_log"], own.Where(s => s.StartsWith("INSERT", StringComparison.Ordinal)));
            Assert.DoesNotContain(own, s => s.StartsWith("SELECT", StringComparison.OrdinalIgnoreCase));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }

    // A commit that keeps all four (a variable set, nothing else) names none of them.
    [Fact]
    public async Task Commit_ThatKeepsStatusReadyAtStepAndOutcome_NamesNoneOfThem()
    {
        var root = Directory.CreateTempSubdirectory("lj-count-").FullName;
        var statements = new ConcurrentQueue<string>();
        try
        {
            var now = new DateTimeOffset(2025, 1, 1, 9, 0, 0, TimeSpan.Zero);
            using var store = new SqliteWorkflowStore(
                new SqliteStoreOptions { DatabasePath = Path.Combine(root, "count.db"), StatementObserver = statements.Enqueue }, TimeProvider.System);
            await store.InitializeAsync(default);
            await store.CreateInstanceAsync(new InstanceRecord
            {
                Id = "i", WorkflowId = "wf", WorkflowVersion = 1, Status = WorkflowStatus.Running, InputJson = "{}", VariablesJson = "{}",
                OutputsJson = "{}", HistoryJson = "[]", CurrentStepId = "a", ReadyAt = now, CreatedAt = now, UpdatedAt = now,
            }, new JournalRecord(0, "i", now, JournalKinds.InstanceStarted, null, null, null), default);
            var claimed = Assert.Single(await store.ClaimReadyAsync("n", now, now.AddMinutes(1), 1, default));
            statements.Clear();

            await store.CommitAsync(new InstanceCommit
            {
                State = claimed with { VariablesJson = """{"x":1}""" },
                ExpectedVersion = claimed.Version,
                Previous = claimed,
                Fence = new LeaseFence("n", claimed.LeaseToken),
                LeaseExpiresAt = now.AddMinutes(2),
                Now = now,
            }, default);

            var set = Assert.Single(StepCommits(statements));
            set = set[..set.IndexOf(" WHERE ", StringComparison.Ordinal)];
            foreach (var column in new[] { "status", "ready_at", "current_step", "outcome", "workflow_version", "lease_owner" })
            {
                Assert.DoesNotContain($"{column} = ", set, StringComparison.Ordinal);
            }

            var row = (await store.GetInstanceAsync("i", default))!;
            Assert.Equal((WorkflowStatus.Running, now, "a", """{"x":1}""", claimed.Version + 1), (row.Status, row.ReadyAt, row.CurrentStepId, row.VariablesJson, row.Version));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }

    // The step commits (instance UPDATEs, as traced with their values) of a chain of no-op steps run to its end.
    private static async Task<List<string>> TraceChainStepCommitsAsync(int steps)
    {
        var root = Directory.CreateTempSubdirectory("lj-count-").FullName;
        var statements = new ConcurrentQueue<string>();
        try
        {
            await using (var engine = await NoopChainEngine.StartAsync(root, 5, clock => new SqliteWorkflowStore(
                new SqliteStoreOptions { DatabasePath = Path.Combine(root, "count.db"), StatementObserver = statements.Enqueue }, clock)))
            {
                statements.Clear();
                await engine.DrainAsync();
                Assert.Equal(WorkflowStatus.Completed, await engine.GetStatusAsync());
            }

            return StepCommits(statements);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }

    private static List<string> StepCommits(IEnumerable<string> statements) =>
        statements.Where(s => s.StartsWith("UPDATE instances SET ", StringComparison.Ordinal) && s.Contains("RETURNING version, cancel_requested", StringComparison.Ordinal)).ToList();

    private static async Task<(int Statements, int Transactions, List<string> Triggers)> CountAsync(int steps)
    {
        var root = Directory.CreateTempSubdirectory("lj-count-").FullName;
        var statements = new ConcurrentQueue<string>();
        try
        {
            await using var engine = await NoopChainEngine.StartAsync(root, steps, clock => new SqliteWorkflowStore(
                new SqliteStoreOptions { DatabasePath = Path.Combine(root, "count.db"), StatementObserver = statements.Enqueue }, clock));
            statements.Clear();
            await engine.DrainAsync();
            Assert.Equal(WorkflowStatus.Completed, await engine.GetStatusAsync());
            var triggers = statements.Where(s => s.StartsWith("--", StringComparison.Ordinal)).ToList();
            return (statements.Count - triggers.Count, statements.Count(s => s.StartsWith("BEGIN", StringComparison.OrdinalIgnoreCase)), triggers);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }
}
