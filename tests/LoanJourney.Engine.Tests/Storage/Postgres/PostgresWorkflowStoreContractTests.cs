using Dapper;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Storage;
using LoanJourney.Engine.Storage.Postgres;
using Npgsql;

namespace LoanJourney.Engine.Tests.Storage.Postgres;

/// <summary>The whole store contract on a real PostgreSQL server, each test in a fresh schema.</summary>
[Collection(PostgresGroup.Name)]
public sealed class PostgresWorkflowStoreContractTests(PostgresServer server) : WorkflowStoreContractTests, IDisposable
{
    private string _connectionString = "";
    private PostgresWorkflowStore? _store;

    protected override async Task<IWorkflowStore> CreateStoreAsync()
    {
        _connectionString = await server.CreateSchemaAsync();
        _store = new PostgresWorkflowStore(new PostgresStoreOptions { ConnectionString = _connectionString, PayloadProtector = Protector }, TimeProvider.System);
        return _store;
    }

    protected override IWorkflowStore CreateStoreOnTheSameDatabase(IPayloadProtector protector) =>
        new PostgresWorkflowStore(new PostgresStoreOptions { ConnectionString = _connectionString, PayloadProtector = protector }, TimeProvider.System);

    protected override async Task<(string Input, string Outputs, string? PendingStimulus)> ReadRawPayloadColumnsAsync(string instanceId)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        return await connection.QuerySingleAsync<(string, string, string?)>(
            "SELECT input_json, outputs_json, pending_stimulus_json FROM instances WHERE id = @instanceId", new { instanceId });
    }

    protected override async Task<string?> ReadRawTextAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        return await connection.ExecuteScalarAsync<string?>(sql);
    }

    protected override async Task WriteRawInputAsync(string instanceId, string inputJson)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await connection.ExecuteAsync("UPDATE instances SET input_json = @inputJson WHERE id = @instanceId", new { instanceId, inputJson });
    }

    protected override Task<FunnelCounts> FunnelFromHistoryAsync(string workflowId) =>
        _store!.GetFunnelFromHistoryAsync(workflowId, "Rejected", default);

    protected override Task<InstanceList> ListCountedAsync(InstanceQuery query) => _store!.ListInstancesAsync(query, fromAggregates: false, default);

    protected override async Task ExecuteRawAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await connection.ExecuteAsync(sql);
    }

    protected override string FirstByteIs2(string column) => $"get_byte({column}, 0) = 2";

    protected override async Task<long> CountRawAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql);
    }

    // Every base table of the test's schema (information_schema), every column.
    protected override async Task<IReadOnlyList<StoredCell>> ReadEveryCellAsync()
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        var cells = new List<StoredCell>();
        var tables = (await connection.QueryAsync<string>(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name")).ToList();
        Assert.Contains("instances", tables);
        foreach (var table in tables)
        {
            await using var command = new NpgsqlCommand($"SELECT * FROM \"{table}\"", connection);
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

    protected override async Task<IReadOnlyList<string>> TablesNotVacuumedAsync(IReadOnlyList<string> tables)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        var vacuumed = (await connection.QueryAsync<string>(
            "SELECT relname FROM pg_stat_user_tables WHERE schemaname = current_schema() AND last_vacuum IS NOT NULL")).ToHashSet(StringComparer.Ordinal);
        return tables.Where(t => !vacuumed.Contains(t)).ToList();
    }

    protected override async Task<string> DumpTableAsync(string table)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        return string.Join('\n', (await connection.QueryAsync($"SELECT * FROM {table}")).Select(r => string.Join('|', ((IDictionary<string, object?>)r).Values)));
    }

    protected override async Task DestroyStoreAsync()
    {
        _store?.Dispose();
        await server.DropSchemaAsync(_connectionString);
    }

    public void Dispose() => _store?.Dispose();

    [Fact]
    public async Task Initialize_FromSeveralNodesAtOnce_AppliesEachMigrationOnce()
    {
        var nodes = Enumerable.Range(0, 6)
            .Select(_ => new PostgresWorkflowStore(new PostgresStoreOptions { ConnectionString = _connectionString }, TimeProvider.System)).ToList();
        try
        {
            await Task.WhenAll(nodes.Select(n => n.InitializeAsync(default)));

            Assert.Equal([1L, 2L, 15L, 17L, 18L, 19L, 20L, 21L, 22L, 23L, 24L, 25L, 26L, 27L, 28L, 29L, 30L, 31L, 32L, 33L, 34L, 35L, 36L, 38L, 39L, 40L, 41L, 42L, 43L], await _store!.GetAppliedMigrationsAsync());
        }
        finally
        {
            nodes.ForEach(n => n.Dispose());
        }
    }

    [Fact]
    public Task Migration0020_BackfillsItsCountersFromTheRowsAlreadyThere() => UpgradedAsync(19, RowsBeforeCounters, async (store, _) =>
    {
        var upgraded = (PostgresWorkflowStore)store;
        Assert.Contains(20L, await upgraded.GetAppliedMigrationsAsync());
        await AssertCountersBackfilledAsync(upgraded, q => upgraded.ListInstancesAsync(q, fromAggregates: false, default),
            w => upgraded.GetFunnelFromHistoryAsync(w, "Rejected", default));
    });

    protected override async Task UpgradedAsync(int before, string rows, Func<IWorkflowStore, Func<string, Task<List<string?>>>, Task> check)
    {
        var schema = await server.CreateSchemaAsync();
        try
        {
            using var upgraded = new PostgresWorkflowStore(new PostgresStoreOptions { ConnectionString = schema }, TimeProvider.System);
            await upgraded.InitializeUpToAsync(before, default);
            await using (var connection = new NpgsqlConnection(schema))
            {
                await connection.OpenAsync();
                await connection.ExecuteAsync(rows);
            }

            await upgraded.InitializeAsync(default);
            await check(upgraded, async sql =>
            {
                await using var connection = new NpgsqlConnection(schema);
                await connection.OpenAsync();
                return (await connection.QueryAsync<string?>(sql)).ToList();
            });
        }
        finally
        {
            await server.DropSchemaAsync(schema);
        }
    }

    // Migration 0038 (round 42): a packed journal's blobs stay in the archive row (STORAGE MAIN), not in TOAST chunks.
    [Fact]
    public async Task Migration0038_KeepsAPackedJournalsBlobsInItsRow()
    {
        await Store.InitializeAsync(default);
        Assert.Equal(2, await CountRawAsync(
            "SELECT COUNT(*) FROM pg_attribute WHERE attrelid = 'journal_archive'::regclass AND attname IN ('entries_z', 'data_z') AND attstorage = 'm'"));
    }

    // docs/server.md, "Erasure": the erasure's VACUUM runs after the redaction committed, so a failure is an answer with why,
    // never an exception (session 50: it threw, and a committed erasure answered 503/500). Here another connection holds a lock
    // that VACUUM's SHARE UPDATE EXCLUSIVE waits for (a migration, an operator's LOCK TABLE, a REINDEX): the lock_timeout
    // (PurgeLockTimeout) ends the wait with 55P03, busy; once it lets go, the purge runs.
    [Fact]
    public async Task PurgeFreedSpace_WhileAnotherConnectionLocksATable_AnswersBusy_AndPurgesOnceItLetsGo()
    {
        using var store = new PostgresWorkflowStore(new PostgresStoreOptions { ConnectionString = _connectionString, PurgeLockTimeout = TimeSpan.FromMilliseconds(100) }, TimeProvider.System);
        await using (var holder = new NpgsqlConnection(_connectionString))
        {
            await holder.OpenAsync();
            await using var tx = await holder.BeginTransactionAsync();
            await holder.ExecuteAsync("LOCK TABLE audit_log IN SHARE UPDATE EXCLUSIVE MODE", transaction: tx);

            var cut = await store.PurgeFreedSpaceAsync(default);
            Assert.Equal((false, FreedSpacePurge.Busy), (cut.Purged, cut.Failure));
            Assert.Equal("audit_log", cut.Unpurged![0]); // the table it could not lock, and any after it, are named
        }

        Assert.Equal(FreedSpacePurge.Done, await store.PurgeFreedSpaceAsync(default));
    }

    // Session 53: the purge's cap (PurgeTimeout, 30 s) cut one `VACUUM instances, journal, …` statement as a whole, and an erasure
    // repeated began again with `instances`: on a database where the first tables took the whole cap, the journal was never
    // vacuumed, and every answer said only `busy`. Now each table is its own VACUUM, the tables vacuumed longest ago first, and a
    // purge cut short names those it did not vacuum; the next one starts with them. Here the cap is reached while `journal` is
    // held (the lock wait outlasts what is left of the cap), then while `instances` is: the second purge vacuums what the first
    // left and names only `instances`; the third completes.
    [Fact]
    public async Task PurgeFreedSpace_CutShortByItsCap_NamesTheTablesItLeft_AndTheNextPurgeStartsWithThem()
    {
        await Store.InitializeAsync(default);
        using var store = new PostgresWorkflowStore(new PostgresStoreOptions
        {
            ConnectionString = _connectionString,
            PurgeLockTimeout = TimeSpan.FromMinutes(1),
            PurgeTimeout = TimeSpan.FromSeconds(3),
        }, TimeProvider.System);

        var first = await PurgeWhileHeldAsync(store, "journal");
        Assert.Equal((false, FreedSpacePurge.Busy), (first.Purged, first.Failure));
        Assert.Equal("journal", first.Unpurged![0]);
        Assert.DoesNotContain("instances", first.Unpurged); // vacuumed before the cap: not named
        var vacuumed = await VacuumedTablesAsync();
        Assert.Contains("instances", vacuumed);
        Assert.DoesNotContain("journal", vacuumed);

        var second = await PurgeWhileHeldAsync(store, "instances");
        Assert.Equal(["instances"], second.Unpurged!); // it began with what the first left, and ended at `instances`
        Assert.Contains("journal", await VacuumedTablesAsync());

        Assert.Equal(FreedSpacePurge.Done, await store.PurgeFreedSpaceAsync(default));
    }

    private async Task<FreedSpacePurge> PurgeWhileHeldAsync(PostgresWorkflowStore store, string table)
    {
        await using var holder = new NpgsqlConnection(_connectionString);
        await holder.OpenAsync();
        await using var tx = await holder.BeginTransactionAsync();
        await holder.ExecuteAsync($"LOCK TABLE {table} IN SHARE UPDATE EXCLUSIVE MODE", transaction: tx);
        return await store.PurgeFreedSpaceAsync(default);
    }

    private async Task<List<string>> VacuumedTablesAsync()
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        return (await connection.QueryAsync<string>(
            "SELECT relname FROM pg_stat_user_tables WHERE schemaname = current_schema() AND last_vacuum IS NOT NULL")).ToList();
    }

    // The whole VACUUM is bounded too (PurgeTimeout, PostgreSQL's statement_timeout): one that outlasts it is cancelled, 57014, busy.
    [Fact]
    public async Task PurgeFreedSpace_ThatOutlastsItsTimeout_AnswersBusy()
    {
        using var store = new PostgresWorkflowStore(new PostgresStoreOptions
        {
            ConnectionString = _connectionString,
            PurgeLockTimeout = TimeSpan.FromMinutes(1),
            PurgeTimeout = TimeSpan.FromMilliseconds(100),
        }, TimeProvider.System);
        await using var holder = new NpgsqlConnection(_connectionString);
        await holder.OpenAsync();
        await using var tx = await holder.BeginTransactionAsync();
        await holder.ExecuteAsync("LOCK TABLE instances IN SHARE UPDATE EXCLUSIVE MODE", transaction: tx);

        var purge = await store.PurgeFreedSpaceAsync(default);
        Assert.Equal((false, FreedSpacePurge.Busy), (purge.Purged, purge.Failure));
        Assert.Contains("instances", purge.Unpurged!);
    }

    // Each SQLSTATE to its stable code (a full disk cannot be made on demand here; SQLite's diskFull is tested for real).
    [Theory]
    [InlineData("53100", FreedSpacePurge.DiskFull)]
    [InlineData("55P03", FreedSpacePurge.Busy)]
    [InlineData("57014", FreedSpacePurge.Busy)]
    [InlineData("58030", FreedSpacePurge.StoreError)]
    [InlineData("XX001", FreedSpacePurge.StoreError)]
    public void PurgeFailure_MapsPostgresSqlStates(string sqlState, string failure) =>
        Assert.Equal(failure, PostgresWorkflowStore.PurgeFailureOf(new PostgresException("vacuum failed", "ERROR", "ERROR", sqlState)));

    [Fact]
    public void Options_ANotifyChannelThatIsNotAnIdentifier_IsRejected() =>
        Assert.Throws<ArgumentException>(() => new PostgresWorkflowStore(
            new PostgresStoreOptions { ConnectionString = _connectionString, NotifyChannel = "work; DROP TABLE instances" }, TimeProvider.System));

    [Fact]
    public async Task PublishDraft_NotifiesEveryListeningNode_WithTheWorkflowId_OnCommit()
    {
        var channel = "lj_test_" + Guid.NewGuid().ToString("N")[..12];
        using var publisher = new PostgresWorkflowStore(new PostgresStoreOptions { ConnectionString = _connectionString, NotifyChannel = channel }, TimeProvider.System);
        using var listener = new PostgresWorkflowStore(new PostgresStoreOptions { ConnectionString = _connectionString, NotifyChannel = channel }, TimeProvider.System);
        var heard = new System.Collections.Concurrent.ConcurrentQueue<string?>();
        var listening = new TaskCompletionSource();
        var published = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        var listen = listener.ListenForDefinitionsAsync(id =>
        {
            heard.Enqueue(id);
            listening.TrySetResult();
            if (id == "wf")
            {
                published.TrySetResult();
            }
        }, stop.Token);
        await listening.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var saved = await publisher.SaveDraftAsync(new DraftSave("wf", "{}", "h", "ana", DateTimeOffset.UnixEpoch, DraftSaveMode.Create, null, "create", "{}"), default);
        Assert.DoesNotContain("wf", heard);

        await publisher.PublishDraftAsync(new DraftPublish("wf", saved.Revision, 1, "{}", "h", "ana", DateTimeOffset.UnixEpoch, "{}"), default);

        await published.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal([null, "wf"], heard);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => listen);
    }
}
