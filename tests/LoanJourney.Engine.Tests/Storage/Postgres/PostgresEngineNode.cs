using LoanJourney.Engine.Activities;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Runtime;
using LoanJourney.Engine.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LoanJourney.Engine.Tests.Storage.Postgres;

/// <summary>One engine node on a PostgreSQL schema: its own service provider, store, wake-up and dispatcher.</summary>
public sealed class PostgresEngineNode : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private bool _dispatching;

    public PostgresEngineNode(string connectionString, string definitionsDirectory, TimeProvider time, string nodeId, Action<EngineOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton(time);
        services.AddSingleton(Probe);
        services.AddLoanJourneyEngine(o =>
        {
            o.Store = StoreProvider.Postgres;
            o.ConnectionString = connectionString;
            o.DefinitionsDirectory = definitionsDirectory;
            o.NodeId = nodeId;
            configure?.Invoke(o);
        });
        services.AddActivity<RecordActivity>();
        services.AddActivity<PollActivity>();
        Services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public TestProbe Probe { get; } = new();

    public ServiceProvider Services { get; }

    public IWorkflowClient Client => Services.GetRequiredService<IWorkflowClient>();

    public WorkflowDispatcher Dispatcher => Services.GetRequiredService<WorkflowDispatcher>();

    /// <summary>
    /// Reads the instance every 20 ms until <paramref name="condition"/> holds, or throws when <paramref name="timeout"/> ends;
    /// a read that fails while the database is coming back (an outage test) is tried again.
    /// </summary>
    public async Task<WorkflowInstance> WaitForAsync(string id, Func<WorkflowInstance, bool> condition, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            try
            {
                var instance = await Client.GetInstanceAsync(id, deadline.Token);
                if (condition(instance))
                {
                    return instance;
                }
            }
            catch (Npgsql.NpgsqlException) when (!deadline.IsCancellationRequested)
            {
                // The database is still coming back.
            }

            await Task.Delay(20, deadline.Token);
        }
    }

    public async Task StartDispatcherAsync()
    {
        await Services.GetRequiredService<EngineInitializer>().EnsureInitializedAsync();
        await Dispatcher.StartAsync(_stop.Token);
        _dispatching = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (_dispatching)
        {
            await _stop.CancelAsync();
            await Dispatcher.StopAsync(CancellationToken.None);
        }

        await Services.DisposeAsync();
        _stop.Dispose();
    }
}
