using LoanJourney.Engine.Activities;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Runtime;
using LoanJourney.Engine.Storage;
using LoanJourney.Engine.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static LoanJourney.Engine.Tests.Support.Defs;

namespace LoanJourney.Engine.Tests.Support;

/// <summary>
/// An engine over a SQLite store of the test's options with one started instance of a chain of no-op steps, not yet run:
/// the statement guards observe <see cref="DrainAsync"/>.
/// </summary>
public sealed class NoopChainEngine : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly string _instanceId;

    private NoopChainEngine(ServiceProvider provider, SqliteWorkflowStore store, string instanceId)
    {
        _provider = provider;
        Store = store;
        _instanceId = instanceId;
    }

    public SqliteWorkflowStore Store { get; }

    /// <summary>Writes the chain's definition to <paramref name="root"/>, builds the engine and starts one instance.</summary>
    public static async Task<NoopChainEngine> StartAsync(string root, int steps, Func<TimeProvider, SqliteWorkflowStore> createStore)
    {
        await File.WriteAllTextAsync(Path.Combine(root, "chain.json"), Chain("chain", steps, "Test.Noop"));
        var clock = new FakeTimeProvider(EngineHarness.Start);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddLoanJourneyEngine(o =>
        {
            o.DefinitionsDirectory = root;
            o.NodeId = "chain";
        });
        services.AddActivity<NoopActivity>();
        // Replaces the engine's store.
        var store = createStore(clock);
        services.AddSingleton<IWorkflowStore>(store);
        var provider = services.BuildServiceProvider();
        var instance = await provider.GetRequiredService<IWorkflowClient>().StartAsync("chain", null);
        return new NoopChainEngine(provider, store, instance.Id);
    }

    /// <summary>Runs the instance to its end.</summary>
    public Task DrainAsync() => _provider.GetRequiredService<WorkflowDispatcher>().DrainAsync();

    public async Task<WorkflowStatus> GetStatusAsync() => (await _provider.GetRequiredService<IWorkflowClient>().GetInstanceAsync(_instanceId)).Status;

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
