using Dapper;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Storage;
using LoanJourney.Engine.Storage.Sqlite;
using LoanJourney.Engine.Tests.Support;
using Microsoft.Data.Sqlite;

namespace LoanJourney.Engine.Tests.Storage;

public sealed class SqliteWorkflowStoreContractTests : WorkflowStoreContractTests, IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "lj-store-" + Guid.NewGuid().ToString("N"));
    private SqliteWorkflowStore? _store;

    protected override Task<IWorkflowStore> CreateStoreAsync()
    {
        _store = new SqliteWorkflowStore(new SqliteStoreOptions { DatabasePath = Path.Combine(_directory, "store.db"), PayloadProtector = Protector }, TimeProvider.System);
        return Task.FromResult<IWorkflowStore>(_store);
    }

    protected override IWorkflowStore CreateStoreOnTheSameDatabase(IPayloadProtector protector) =>
        new SqliteWorkflowStore(new SqliteStoreOptions { DatabasePath = Path.Combine(_directory, "store.db"), PayloadProtector = protector }, TimeProvider.System);

    protected override async Task<(string Input, string Outputs, string? PendingStimulus)> ReadRawPayloadColumnsAsync(string instanceId)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_directory, "store.db")};Pooling=False");
        await connection.OpenAsync();
        return await connection.QuerySingleAsync<(string, string, string?)>(
            "SELECT input_json, outputs_json, pending_stimulus_json FROM instances WHERE id = @instanceId", new { instanceId });
    }

    protected override async Task<string?> ReadRawTextAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_directory, "store.db")};Pooling=False");
        await connection.OpenAsync();
        return await connection.ExecuteScalarAsync<string?>(sql);
    }

    protected override async Task WriteRawInputAsync(string instanceId, string inputJson)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_directory, "store.db")};Pooling=False");
        await connection.OpenAsync();
        await connection.ExecuteAsync("UPDATE instances SET input_json = @inputJson WHERE id = @instanceId", new { instanceId, inputJson });
    }

    protected override Task<FunnelCounts> FunnelFromHistoryAsync(string workflowId) =>
        _store!.GetFunnelFromHistoryAsync(workflowId, "Rejected");

    protected override Task<InstanceList> ListCountedAsync(InstanceQuery query) => _store!.ListInstancesAsync(query, fromAggregates: false);

    protected override async Task ExecuteRawAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_directory, "store.db")};Pooling=False");
        await connection.OpenAsync();
        await connection.ExecuteAsync(sql);
    }

    protected override string FirstByteIs2(string column) => $"substr({column}, 1, 1) = X'02'";

    protected override async Task<long> CountRawAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_directory, "store.db")};Pooling=False");
        await connection.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql);
    }

    // Every table sqlite_master lists (SQLite's own included), every column, whatever its declared type (SQLite stores any
    // value in any column).
    protected override async Task<IReadOnlyList<StoredCell>> ReadEveryCellAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_directory, "store.db")};Pooling=False");
        await connection.OpenAsync();
        var cells = new List<StoredCell>();
        foreach (var table in await connection.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    cells.Add(new StoredCell(table, reader.GetName(i), reader.IsDBNull(i) ? null : reader.GetValue(i)));
                }
            }
        }

        return cells;
    }

    protected override async Task<string> DumpTableAsync(string table)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_directory, "store.db")};Pooling=False");
        await connection.OpenAsync();
        return string.Join('\n', (await connection.QueryAsync($"SELECT * FROM {table}")).Select(r => string.Join('|', ((IDictionary<string, object?>)r).Values)));
    }

    [Fact]
    public async Task EraseThenPurge_LeavesNoneOfTheBorrowersBytesInTheDatabaseOrWalFiles()
    {
        // The payload is stored protected (session 31); the key names the borrower in the clear until redacted.
        const string customer = "CUST-ONLY-IN-THE-INBOX-KEY";
        await Store.DeliverWebhookAsync("e", $"finbox:{customer}:evt", """{"email":"x@mail.example"}""", null, TimeProvider.System.GetUtcNow(), default);
        Assert.Contains(customer, ReadFiles(), StringComparison.Ordinal);

        Assert.Equal(1, await Store.RedactInboxByKeyAsync([$"finbox:{customer}:"], TimeProvider.System.GetUtcNow(), default));
        Assert.Equal(FreedSpacePurge.Done, await Store.PurgeFreedSpaceAsync(default));
        Assert.DoesNotContain(customer, ReadFiles(), StringComparison.Ordinal);
    }

    // CI, session 49: after an erasure that answered freedSpacePurged, server.db still held an erased borrower's instance row
    // as it was while Waiting. secure_delete zeroes a freed cell and a freed page, but a page that a split or merge rebuilds
    // with less content keeps the old bytes between its cell pointers and its cells (SQLite's rebuildPage leaves that gap as
    // it was): copies of rows that moved to a sibling page and were rewritten there since. Here rows are rewritten at random
    // sizes (deterministic seeds), as journeys' step commits rewrite theirs, then their marker is "redacted" with secure_delete
    // on; a TRUNCATE checkpoint alone leaves some markers in the file (the precondition, so this test can fail), the purge none.
    [Fact]
    public async Task PurgeFreedSpace_RemovesOldRowVersionsThatPageRebalancesLeftInThePagesUnusedSpace()
    {
        await Store.AppendAuditAsync(new AuditEntry(0, TimeProvider.System.GetUtcNow(), "ada", "test", null, null, null, null), default);
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(_directory, "store.db")};Pooling=False"))
        {
            await connection.OpenAsync();
            await connection.ExecuteAsync("PRAGMA secure_delete = ON");
            for (var seed = 1; seed <= 5; seed++)
            {
                var random = new Random(seed);
                await connection.ExecuteAsync($"CREATE TABLE split_{seed} (id INTEGER PRIMARY KEY, tag TEXT NOT NULL, body TEXT NOT NULL)");
                for (var i = 0; i < 200; i++)
                {
                    await connection.ExecuteAsync($"INSERT INTO split_{seed} VALUES (@i, @tag, @body)",
                        new { i, tag = (i % 2 == 0 ? "ERASED-ROW-" : "KEPT-ROW-") + i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture), body = new string('x', random.Next(100, 1500)) });
                }

                for (var round = 0; round < 3; round++)
                {
                    foreach (var i in Enumerable.Range(0, 200).OrderBy(_ => random.Next()).ToList())
                    {
                        await connection.ExecuteAsync($"UPDATE split_{seed} SET body = @body WHERE id = @i", new { i, body = new string('y', random.Next(50, 1500)) });
                    }
                }

                await connection.ExecuteAsync($"UPDATE split_{seed} SET tag = 'redacted' WHERE tag LIKE 'ERASED-ROW-%'");
            }

            Assert.Equal(0L, (await connection.QueryFirstAsync<(long Busy, long Log, long Checkpointed)>("PRAGMA wal_checkpoint(TRUNCATE)")).Busy);
        }

        Assert.Contains("ERASED-ROW-", ReadFiles(), StringComparison.Ordinal); // what secure_delete and the checkpoint leave
        Assert.Equal(FreedSpacePurge.Done, await Store.PurgeFreedSpaceAsync(default));
        var files = ReadFiles();
        Assert.DoesNotContain("ERASED-ROW-", files, StringComparison.Ordinal);
        Assert.Contains("KEPT-ROW-0001", files, StringComparison.Ordinal);
    }

    // The purge's VACUUM runs with the group-commit writer paused: writes queued before, beside and after it all commit (none
    // fails on the write lock, none is dropped by the writer loop that sets the purge apart from its batches).
    [Fact]
    public async Task WritesQueuedAroundThePurge_AllCommit()
    {
        var at = TimeProvider.System.GetUtcNow();
        var before = Enumerable.Range(0, 40).Select(i => Store.AppendAuditAsync(new AuditEntry(0, at, "ada", "test", null, null, "before " + i, null), default)).ToList();
        var purge = Store.PurgeFreedSpaceAsync(default);
        var after = Enumerable.Range(0, 40).Select(i => Store.AppendAuditAsync(new AuditEntry(0, at, "ada", "test", null, null, "after " + i, null), default)).ToList();

        await Task.WhenAll(before.Concat(after));
        Assert.Equal(FreedSpacePurge.Done, await purge);
        Assert.Equal(80L, await CountRawAsync("SELECT COUNT(*) FROM audit_log WHERE action = 'test'"));
    }

    // The answer is honest: while a reader's snapshot holds old page images in the WAL, the purge cannot empty it and says so
    // (not purged, busy); once the reader is done, it can.
    [Fact]
    public async Task PurgeFreedSpace_AnswersFalseWhileAReaderHoldsAnOlderSnapshot_AndTrueOnceItIsDone()
    {
        using var store = new SqliteWorkflowStore(new SqliteStoreOptions { DatabasePath = Path.Combine(_directory, "store.db"), PayloadProtector = Protector, BusyTimeout = TimeSpan.FromMilliseconds(200) }, TimeProvider.System);
        await store.InitializeAsync(default);
        await store.AppendAuditAsync(new AuditEntry(0, TimeProvider.System.GetUtcNow(), "ada", "test", null, null, "before", null), default);
        await using var reader = new SqliteConnection($"Data Source={Path.Combine(_directory, "store.db")};Pooling=False");
        await reader.OpenAsync();
        await using (var snapshot = reader.BeginTransaction(deferred: true))
        {
            Assert.Equal(1L, await reader.QueryFirstAsync<long>("SELECT COUNT(*) FROM audit_log", transaction: snapshot));
            await store.AppendAuditAsync(new AuditEntry(0, TimeProvider.System.GetUtcNow(), "ada", "test", null, null, "after", null), default);

            Assert.Equal(FreedSpacePurge.Failed(FreedSpacePurge.Busy), await store.PurgeFreedSpaceAsync(default));
        }

        Assert.Equal(FreedSpacePurge.Done, await store.PurgeFreedSpaceAsync(default));
        Assert.Equal(0, new FileInfo(Path.Combine(_directory, "store.db-wal")).Length);
    }

    // The erasure's VACUUM needs free disk about the database's size again; on a full disk SQLite answers SQLITE_FULL and rolls
    // the VACUUM back (session 49's mend: false, not an error that loses the erasure's answer and audit entries). Simulated
    // without root or a small file system: the VACUUM's connection may not grow the file past its page count (max_page_count),
    // and the rewrite is made to need one page more than the compact file has (auto_vacuum = FULL adds a pointer-map page), so
    // SQLite fails with SQLITE_FULL where a full disk fails it, writing the rewrite back. The redaction before it stays
    // committed, nothing committed is lost or damaged, and the writer goes on.
    [Fact]
    public async Task PurgeFreedSpace_OnAFullDisk_AnswersDiskFull_TheRedactionAndEveryCommitStay_AndTheWriterGoesOn()
    {
        var full = false;
        using var store = new SqliteWorkflowStore(new SqliteStoreOptions
        {
            DatabasePath = Path.Combine(_directory, "store.db"),
            PayloadProtector = Protector,
            BeforeRewrite = c =>
            {
                using var pragma = c.CreateCommand();
                // max_page_count below the file's size is read as the file's size (SQLite does not shrink it).
                pragma.CommandText = full ? "PRAGMA auto_vacuum = FULL; PRAGMA max_page_count = 1;" : "PRAGMA auto_vacuum = NONE; PRAGMA max_page_count = 4294967294;";
                pragma.ExecuteNonQuery();
            },
        }, TimeProvider.System);
        await store.InitializeAsync(default);
        var at = TimeProvider.System.GetUtcNow();
        await store.DeliverWebhookAsync("kept", "finbox:CUST-KEPT:evt", """{"email":"kept@mail.example"}""", null, at, default);
        await store.DeliverWebhookAsync("erased", "finbox:CUST-ERASED:evt", """{"email":"erased@mail.example"}""", null, at, default);
        for (var i = 0; i < 20; i++)
        {
            await store.AppendAuditAsync(new AuditEntry(0, at, "ada", "test", null, null, "before " + i, null), default);
        }

        Assert.Equal(FreedSpacePurge.Done, await store.PurgeFreedSpaceAsync(default)); // compact, as an earlier erasure leaves the file
        var audit = await DumpTableAsync("audit_log");
        var kept = await ReadRawTextAsync("SELECT key || '|' || event_id || '|' || payload_json FROM webhook_inbox WHERE key = 'finbox:CUST-KEPT:evt'");

        Assert.Equal(1, await store.RedactInboxByKeyAsync(["finbox:CUST-ERASED:"], at, default));
        full = true;
        Assert.Equal(FreedSpacePurge.Failed(FreedSpacePurge.DiskFull), await store.PurgeFreedSpaceAsync(default));
        full = false;

        Assert.Equal("ok", await ReadRawTextAsync("PRAGMA integrity_check"));
        Assert.Equal(0L, await CountRawAsync("PRAGMA auto_vacuum")); // the VACUUM was rolled back: the file is as it was
        Assert.Equal(0L, await CountRawAsync("SELECT COUNT(*) FROM webhook_inbox WHERE key LIKE 'finbox:CUST-ERASED:%' OR payload_json LIKE '%erased@%'"));
        Assert.Equal(1L, await CountRawAsync("SELECT COUNT(*) FROM webhook_inbox WHERE event_id = 'erased' AND redacted_at IS NOT NULL"));
        Assert.Equal(audit, await DumpTableAsync("audit_log"));
        Assert.Equal(kept, await ReadRawTextAsync("SELECT key || '|' || event_id || '|' || payload_json FROM webhook_inbox WHERE key = 'finbox:CUST-KEPT:evt'"));

        // The writer, paused for the purge, takes commits again, and the purge succeeds once there is room.
        await store.AppendAuditAsync(new AuditEntry(0, at, "ada", "test", null, null, "after", null), default);
        Assert.Equal(21L, await CountRawAsync("SELECT COUNT(*) FROM audit_log WHERE action = 'test'"));
        Assert.Equal(FreedSpacePurge.Done, await store.PurgeFreedSpaceAsync(default));
        Assert.Equal("ok", await ReadRawTextAsync("PRAGMA integrity_check"));
    }

    // Session 31: the bytes on disk (database file and WAL, as a backup or a copied volume would hold them) never hold a
    // webhook payload in the clear: neither a buffered one (protected in the inbox), nor the same once a journey that waits
    // later consumed it (protected in the journey, gone from the inbox), nor a routed one (not in the inbox at all). Before,
    // the inbox kept every payload as sent for the whole retention window.
    [Fact]
    public async Task WebhookPayloads_BufferedConsumedOrRouted_AreNeverInTheDatabaseOrWalFilesInTheClear()
    {
        const string email = "buffered.borrower@mail.example";
        const string phone = "9123456780";
        const string routedName = "Routed Borrower Name";
        var now = TimeProvider.System.GetUtcNow();
        Assert.Equal(WebhookDeliveryStatus.Buffered, (await Store.DeliverWebhookAsync("early", "partner:handshake:hs-early",
            new System.Text.Json.Nodes.JsonObject { ["status"] = "1", ["customer_data"] = new System.Text.Json.Nodes.JsonObject { ["email"] = email, ["phone"] = phone } }.ToJsonString(), null,
            now, default)).Status);
        AssertNotOnDisk(email, phone);

        await WebhookWaits.WaitOnWebhookAsync(_store!, "late", "partner:handshake:hs-early", now);
        var consumed = PendingStimulus.FromJson((await Store.GetInstanceAsync("late", default))!.PendingStimulusJson)!;
        Assert.Equal(("early", true), (consumed.EventId, consumed.PayloadJson!.Contains(email, StringComparison.Ordinal)));
        AssertNotOnDisk(email, phone);

        Assert.Equal(FreedSpacePurge.Done, await Store.PurgeFreedSpaceAsync(default));
        AssertNotOnDisk(email, phone);

        await WebhookWaits.WaitOnWebhookAsync(_store!, "routed", "finbox:c1:LOAN_DISBURSED", now);
        Assert.Equal(WebhookDeliveryStatus.Routed, (await Store.DeliverWebhookAsync("on-time", "finbox:c1:LOAN_DISBURSED", $$"""{"name":"{{routedName}}"}""", null, now, default)).Status);
        AssertNotOnDisk(routedName);
        Assert.Equal(FreedSpacePurge.Done, await Store.PurgeFreedSpaceAsync(default));
        AssertNotOnDisk(routedName);
    }

    private void AssertNotOnDisk(params string[] markers)
    {
        var files = ReadFiles();
        foreach (var marker in markers)
        {
            Assert.DoesNotContain(marker, files, StringComparison.Ordinal);
        }
    }

    private string ReadFiles()
    {
        var text = new System.Text.StringBuilder();
        foreach (var file in Directory.GetFiles(_directory, "store.db*"))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            text.Append(System.Text.Encoding.UTF8.GetString(copy.ToArray()));
        }

        return text.ToString();
    }

    protected override Task DestroyStoreAsync()
    {
        _store?.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    public void Dispose() => _store?.Dispose();

    [Fact]
    public async Task Initialize_AppliesEachMigrationOnce_AndUsesWal()
    {
        await Store.InitializeAsync(default);
        using var second = new SqliteWorkflowStore(new SqliteStoreOptions { DatabasePath = Path.Combine(_directory, "store.db"), Synchronous = "NORMAL" }, TimeProvider.System);
        await second.InitializeAsync(default);

        Assert.Equal([1L, 2L, 3L, 15L, 17L, 18L, 19L, 20L, 21L, 25L, 26L, 27L, 28L, 29L, 30L, 31L, 32L, 33L, 34L, 35L, 36L, 38L, 39L, 40L, 41L, 43L], await _store!.GetAppliedMigrationsAsync());
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_directory, "store.db")}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", command.ExecuteScalar());
    }

    [Fact]
    public Task Migration0020_BackfillsItsCountersFromTheRowsAlreadyThere() => UpgradedAsync(19, RowsBeforeCounters, async (store, _) =>
    {
        var upgraded = (SqliteWorkflowStore)store;
        Assert.Contains(20L, await upgraded.GetAppliedMigrationsAsync());
        await AssertCountersBackfilledAsync(upgraded, q => upgraded.ListInstancesAsync(q, fromAggregates: false), w => upgraded.GetFunnelFromHistoryAsync(w, "Rejected"));
    });

    protected override async Task UpgradedAsync(int before, string rows, Func<IWorkflowStore, Func<string, Task<List<string?>>>, Task> check)
    {
        var path = Path.Combine(_directory, $"upgraded-{before}-{Guid.NewGuid():N}.db");
        using var upgraded = new SqliteWorkflowStore(new SqliteStoreOptions { DatabasePath = path }, TimeProvider.System);
        await upgraded.InitializeUpToAsync(before);
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            await connection.ExecuteAsync(rows);
        }

        await upgraded.InitializeAsync(default);
        await check(upgraded, async sql =>
        {
            await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
            await connection.OpenAsync();
            return (await connection.QueryAsync<string?>(sql)).ToList();
        });
    }

    [Fact]
    public void Options_UnknownSynchronousMode_IsRejected()
    {
        using var store = new SqliteWorkflowStore(new SqliteStoreOptions { DatabasePath = Path.Combine(_directory, "x.db"), Synchronous = "OFF" }, TimeProvider.System);
        Assert.Throws<ArgumentException>(() => store.InitializeAsync(default).GetAwaiter().GetResult());
    }
}
