using LoanJourney.Engine.Runtime;
using LoanJourney.Engine.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LoanJourney.Server.Hosting;

internal static class EngineSetup
{
    /// <summary>
    /// The engine from the <c>Engine</c> section (<c>DatabasePath</c>, <c>DefinitionsDirectory</c>, <c>Synchronous</c>,
    /// <c>MaxConcurrency</c>, <c>NodeId</c>, <c>LeaseDuration</c>, …), relative paths resolved against the repository root;
    /// the store from <c>Storage:Provider</c> (<c>Sqlite</c>, the default, or <c>Postgres</c>) and
    /// <c>ConnectionStrings:LoanJourney</c>. Instance inputs, step outputs and pending stimuli are encrypted at rest with
    /// <see cref="DataProtectionPayloadProtector"/> (Data Protection keys under <c>Server:DataProtectionKeysPath</c>).
    /// With PostgreSQL the start waits for the engine's initialization and stops on a database that refuses this node's
    /// configuration (<see cref="StoreStartCheck"/>).
    /// </summary>
    public static IServiceCollection AddEngine(this IServiceCollection services, IConfiguration configuration, ServerPaths paths) =>
        services.Replace(ServiceDescriptor.Singleton<IPayloadProtector, DataProtectionPayloadProtector>()).AddLoanJourneyEngine(options =>
        {
            options.DefinitionsDirectory = "workflows";
            configuration.GetSection("Engine").Bind(options);
            options.Store = configuration.GetValue("Storage:Provider", options.Store);
            options.ConnectionString = configuration.GetConnectionString("LoanJourney") ?? options.ConnectionString;
            options.DatabasePath = paths.Resolve(options.DatabasePath);
            if (!string.IsNullOrWhiteSpace(options.DefinitionsDirectory))
            {
                options.DefinitionsDirectory = paths.Resolve(options.DefinitionsDirectory);
            }
        }).StartWithStoreStartCheck();

    // The check is the first hosted service to start: a start it refuses stops before the engine's loops (the dispatcher, the
    // journal compactor, the payload sweep) begin, so they do not log the same refusal as their own failures, each with its
    // stack (session 48); a start it lets through is what it was, those loops needing the initialization it waited for anyway.
    private static IServiceCollection StartWithStoreStartCheck(this IServiceCollection services)
    {
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService, StoreStartCheck>());
        return services;
    }

    /// <summary>
    /// With a SQLite store, this process's hold on its database (<see cref="SqliteDatabaseLock"/>), taken now, before the host
    /// is built and anything opens the database, and owned by the host; null with PostgreSQL. Call after
    /// <see cref="AddEngine"/>. Another server holding it stops the start with the one line that names the database.
    /// </summary>
    public static SqliteDatabaseLock? HoldSqliteDatabase(this IServiceCollection services)
    {
        var options = (EngineOptions)services.Last(d => d.ServiceType == typeof(EngineOptions)).ImplementationInstance!;
        var held = SqliteDatabaseLock.Acquire(options);
        if (held is not null)
        {
            services.AddHostedService(_ => held);
        }

        return held;
    }

    /// <summary>The embedded lender sandbox is on when <c>Sandbox:Enabled</c> says so, and by default in Development only.</summary>
    public static bool IsSandboxEnabled(this WebApplicationBuilder builder) =>
        builder.Configuration.GetValue<bool?>("Sandbox:Enabled") ?? builder.Environment.IsDevelopment();
}
