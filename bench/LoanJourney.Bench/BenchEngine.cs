using LoanJourney.Engine.Activities;
using LoanJourney.Engine.Runtime;
using LoanJourney.Engine.Storage;
using LoanJourney.Engine.Storage.Sqlite;
using LoanJourney.Server.Hosting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption.ConfigurationModel;
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

/// <summary>What the in-process cost benches (starts, webhooks, stepcommits, pgstepcommits) share to build their engine.</summary>
internal static class TracedEngine
{
    /// <summary>The server's payload protector (Data Protection, AES-256-GCM, the server's application name), its keys in <c>root/keys</c>.</summary>
    public static DataProtectionPayloadProtector ServerProtector(string root) =>
        new(DataProtectionProvider.Create(new DirectoryInfo(Path.Combine(root, "keys")), b => b.SetApplicationName("LoanJourney.Server")
            .UseCryptographicAlgorithms(new AuthenticatedEncryptorConfiguration { EncryptionAlgorithm = EncryptionAlgorithm.AES_256_GCM })));

    /// <summary>
    /// An engine's services on SQLite at synchronous FULL (<c>root/name.db</c>, node <c>bench</c>, <paramref name="definitions"/>),
    /// payloads protected by <paramref name="protector"/>; with an <paramref name="observer"/>, the engine's own store reporting each
    /// statement it runs (internal to the engine: the bench sees it). <paramref name="configure"/> sets the bench's other options.
    /// </summary>
    public static ServiceCollection Services(string root, string name, string definitions, IPayloadProtector protector, Action<string>? observer,
        Action<EngineOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton(protector);
        services.AddLoanJourneyEngine(o =>
        {
            o.DatabasePath = Path.Combine(root, name + ".db");
            o.DefinitionsDirectory = definitions;
            o.Synchronous = "FULL";
            o.NodeId = "bench";
            configure?.Invoke(o);
        });
        if (observer is not null)
        {
            services.AddSingleton<IWorkflowStore>(_ => new SqliteWorkflowStore(new SqliteStoreOptions
            {
                DatabasePath = Path.Combine(root, name + ".db"), Synchronous = "FULL", PayloadProtector = protector, StatementObserver = observer,
            }, TimeProvider.System));
        }

        return services;
    }
}
