using LoanJourney.Engine.Activities;
using LoanJourney.Engine.Activities.BuiltIn;
using LoanJourney.Engine.Definitions;
using LoanJourney.Engine.Design;
using LoanJourney.Engine.Storage;
using LoanJourney.Engine.Storage.Postgres;
using LoanJourney.Engine.Storage.Sqlite;
using LoanJourney.Engine.Telemetry;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LoanJourney.Engine.Runtime;

/// <summary>Registers the workflow engine.</summary>
public static class EngineServiceCollectionExtensions
{
    // Added to StopGracePeriod for the host's shutdown timeout: the runs' commits and lease releases after the grace period.
    private static readonly TimeSpan StopMargin = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Adds the engine: store, activity registry with the built-in <c>Core.*</c> activities, definition catalog,
    /// <see cref="IWorkflowClient"/>, and the <see cref="WorkflowDispatcher"/> hosted service. Register a
    /// <see cref="TimeProvider"/> first to replace the system clock (tests use a manual one). The store encrypts instance inputs and
    /// pending stimuli with the registered <see cref="IPayloadProtector"/> (default: <see cref="PassThroughPayloadProtector"/>; a host
    /// replaces it with one that holds keys).
    /// </summary>
    public static IServiceCollection AddLoanJourneyEngine(this IServiceCollection services, Action<EngineOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new EngineOptions();
        configure?.Invoke(options);
        if (options.Problems() is { Count: > 0 } problems)
        {
            throw new InvalidOperationException("The engine's settings are invalid: " + string.Join(" ", problems));
        }

        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);

        // A stopping host waits this long for the dispatcher, whose runs get StopGracePeriod to finish and commit: the host's
        // shutdown timeout is raised to cover that and 10 s more for the commits and lease releases (it is never lowered).
        services.Configure<HostOptions>(host =>
        {
            var needed = options.StopGracePeriod + StopMargin;
            if (host.ShutdownTimeout < needed)
            {
                host.ShutdownTimeout = needed;
            }
        });
        services.TryAddSingleton<IPayloadProtector>(PassThroughPayloadProtector.Instance);
        services.TryAddSingleton<IFailureMessageMasker>(PassThroughFailureMessageMasker.Instance);
        services.AddSingleton<IWorkflowStore>(sp => options.Store switch
        {
            StoreProvider.Sqlite => new SqliteWorkflowStore(
                new SqliteStoreOptions
                {
                    DatabasePath = options.DatabasePath,
                    Synchronous = options.Synchronous,
                    BusyTimeout = options.BusyTimeout,
                    PayloadProtector = sp.GetRequiredService<IPayloadProtector>(),
                },
                sp.GetRequiredService<TimeProvider>()),
            StoreProvider.Postgres => new PostgresWorkflowStore(
                new PostgresStoreOptions
                {
                    ConnectionString = options.ConnectionString!, // checked by EngineOptions.Problems() above
                    PurgeLockTimeout = options.BusyTimeout,
                    PayloadProtector = sp.GetRequiredService<IPayloadProtector>(),
                },
                sp.GetRequiredService<TimeProvider>()),
            _ => throw new NotSupportedException($"Store provider {options.Store} is not supported."),
        });
        services.AddSingleton<ActivityRegistry>();
        services.AddSingleton<WorkflowCompiler>();
        services.AddSingleton<DefinitionLoader>();
        services.AddSingleton<WorkflowDefinitionCatalog>();
        services.AddSingleton<EngineInitializer>();
        services.AddSingleton<WorkWakeup>();
        services.AddSingleton<ParkedRuns>();
        services.AddMetrics();
        services.AddSingleton(sp => new EngineTelemetry(sp.GetRequiredService<IMeterFactory>(), sp.GetRequiredService<IWorkflowStore>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new WorkflowRunner(
            sp.GetRequiredService<IWorkflowStore>(),
            sp.GetRequiredService<WorkflowDefinitionCatalog>(),
            sp.GetRequiredService<IServiceScopeFactory>(),
            sp.GetRequiredService<TimeProvider>(),
            options,
            sp.GetRequiredService<EngineTelemetry>(),
            sp.GetRequiredService<IFailureMessageMasker>(),
            sp.GetRequiredService<ILogger<WorkflowRunner>>(),
            sp.GetService<IStepOutputObserver>()));
        services.AddSingleton(sp => new WorkflowDispatcher(
            sp.GetRequiredService<IWorkflowStore>(),
            sp.GetRequiredService<WorkflowRunner>(),
            sp.GetRequiredService<EngineInitializer>(),
            sp.GetRequiredService<WorkWakeup>(),
            sp.GetRequiredService<ParkedRuns>(),
            sp.GetRequiredService<TimeProvider>(),
            options,
            sp.GetRequiredService<EngineTelemetry>(),
            sp.GetRequiredService<ILogger<WorkflowDispatcher>>(),
            sp.GetService<IHostApplicationLifetime>()));
        services.AddHostedService(sp => sp.GetRequiredService<WorkflowDispatcher>());
        services.AddHostedService<DefinitionChangeListener>();
        services.AddSingleton<JournalCompactor>();
        services.AddHostedService(sp => sp.GetRequiredService<JournalCompactor>());
        services.AddSingleton<PayloadSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<PayloadSweeper>());
        services.AddSingleton<DefinitionDesigner>();
        services.AddSingleton<IWorkflowClient>(sp => new WorkflowClient(
            sp.GetRequiredService<IWorkflowStore>(),
            sp.GetRequiredService<WorkflowDefinitionCatalog>(),
            sp.GetRequiredService<EngineInitializer>(),
            sp.GetRequiredService<WorkflowRunner>(),
            sp.GetRequiredService<WorkWakeup>(),
            sp.GetRequiredService<ParkedRuns>(),
            sp.GetRequiredService<TimeProvider>(),
            options,
            sp.GetRequiredService<EngineTelemetry>()));
        services.AddActivity<BranchActivity>();
        services.AddActivity<DelayActivity>();
        services.AddActivity<WaitForSignalActivity>();
        services.AddActivity<WaitForWebhookActivity>();
        services.AddActivity<SetVariableActivity>();
        services.AddActivity<EndActivity>();
        return services;
    }
}
