using Dapper;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Storage;
using LoanJourney.Engine.Storage.Sqlite;
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

    protected override async Task<(string Input, string Outputs, string? PendingStimulus)> ReadRawPayloadColumnsAsync(string instanceId)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_directory, "store.db")};Pooling=False");
        await connection.OpenAsync();
        return await connection.QuerySingleAsync<(string, string, string?)>(
            "SELECT input_json, outputs_json, pending_stimulus_json FROM instances WHERE id = @instanceId", new { instanceId });
    }

    protected override async Task WriteRawInputAsync(string instanceId, string inputJson)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_directory, "store.db")};Pooling=False");
        await connection.OpenAsync();
        await connection.ExecuteAsync("UPDATE instances SET input_json = @inputJson WHERE id = @instanceId", new { instanceId, inputJson });
    }

    protected override Task<(long Total, IReadOnlyList<FunnelStepCounts> Steps, IReadOnlyDictionary<string, long> Outcomes)> FunnelFromHistoryAsync(string workflowId) =>
        _store!.GetFunnelFromHistoryAsync(workflowId, "Rejected");

    protected override Task<InstanceList> ListCountedAsync(InstanceQuery query) => _store!.ListInstancesAsync(query, fromAggregates: false);

    protected override async Task ExecuteRawAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_directory, "store.db")};Pooling=False");
        await connection.OpenAsync();
        await connection.ExecuteAsync(sql);
    }

    protected override async Task<long> CountRawAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_directory, "store.db")};Pooling=False");
        await connection.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql);
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
        const string email = "only-in-the-inbox@mail.example";
        await Store.DeliverWebhookAsync("e", "finbox:CUST-Z:evt", $$"""{"email":"{{email}}"}""", TimeProvider.System.GetUtcNow(), default);
        Assert.Contains(email, ReadFiles(), StringComparison.Ordinal); // the inbox holds webhook payloads in the clear until redacted

        Assert.Equal(1, await Store.RedactInboxByKeyAsync(["finbox:CUST-Z:"], TimeProvider.System.GetUtcNow(), default));
        Assert.True(await Store.PurgeFreedSpaceAsync(default));
        Assert.DoesNotContain(email, ReadFiles(), StringComparison.Ordinal);
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

        Assert.Equal([1L, 2L, 3L, 15L, 17L, 18L, 19L, 20L, 21L, 25L, 26L, 27L], await _store!.GetAppliedMigrationsAsync());
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_directory, "store.db")}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", command.ExecuteScalar());
    }

    [Fact]
    public async Task Migration0020_BackfillsItsCountersFromTheRowsAlreadyThere()
    {
        var path = Path.Combine(_directory, "upgrade.db");
        using var upgraded = new SqliteWorkflowStore(new SqliteStoreOptions { DatabasePath = path }, TimeProvider.System);
        await upgraded.InitializeUpToAsync(19);
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            await connection.ExecuteAsync(RowsBeforeCounters);
        }

        await upgraded.InitializeAsync(default);

        Assert.Contains(20L, await upgraded.GetAppliedMigrationsAsync());
        await AssertCountersBackfilledAsync(upgraded, q => upgraded.ListInstancesAsync(q, fromAggregates: false), w => upgraded.GetFunnelFromHistoryAsync(w, "Rejected"));
    }

    [Fact]
    public void Options_UnknownSynchronousMode_IsRejected()
    {
        using var store = new SqliteWorkflowStore(new SqliteStoreOptions { DatabasePath = Path.Combine(_directory, "x.db"), Synchronous = "OFF" }, TimeProvider.System);
        Assert.Throws<ArgumentException>(() => store.InitializeAsync(default).GetAwaiter().GetResult());
    }
}
