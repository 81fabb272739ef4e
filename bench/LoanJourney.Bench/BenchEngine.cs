using LoanJourney.Engine.Activities;
using LoanJourney.Engine.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace LoanJourney.Bench;

/// <summary>A real engine (SQLite store, dispatcher, client) on a file, with the system clock.</summary>
internal sealed class BenchEngine : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    public BenchEngine(string databasePath, string definitions, string synchronous)
    {
        var services = new ServiceCollection();
        services.AddLoanJourneyEngine(o =>
        {
            o.DatabasePath = databasePath;
            o.DefinitionsDirectory = definitions;
            o.FailOnDefinitionErrors = true;
            o.Synchronous = synchronous;
            o.NodeId = "bench";
            o.MaxConcurrency = 16;
            o.MinPollInterval = TimeSpan.FromMilliseconds(50);
        });
        services.AddActivity<NoopActivity>();
        _services = services.BuildServiceProvider();
    }

    public IWorkflowClient Client => _services.GetRequiredService<IWorkflowClient>();

    public LoanJourney.Engine.Storage.IWorkflowStore Store => _services.GetRequiredService<LoanJourney.Engine.Storage.IWorkflowStore>();

    public WorkflowDispatcher Dispatcher => _services.GetRequiredService<WorkflowDispatcher>();

    public Task InitializeAsync() => _services.GetRequiredService<EngineInitializer>().EnsureInitializedAsync();

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
