using Dapper;
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

        Assert.Equal([1L, 2L, 3L], await _store!.GetAppliedMigrationsAsync());
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_directory, "store.db")}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", command.ExecuteScalar());
    }

    [Fact]
    public void Options_UnknownSynchronousMode_IsRejected()
    {
        using var store = new SqliteWorkflowStore(new SqliteStoreOptions { DatabasePath = Path.Combine(_directory, "x.db"), Synchronous = "OFF" }, TimeProvider.System);
        Assert.Throws<ArgumentException>(() => store.InitializeAsync(default).GetAwaiter().GetResult());
    }
}
