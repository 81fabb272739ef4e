using LoanJourney.Sandbox.CapitalFloat;
using LoanJourney.Sandbox.Durability;
using LoanJourney.Sandbox.Faults;
using LoanJourney.Sandbox.FinBoxV1;
using LoanJourney.Sandbox.FinBoxV2;
using LoanJourney.Sandbox.Infrastructure;
using LoanJourney.Sandbox.Partner;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LoanJourney.Sandbox;

/// <summary>Registers the lender sandbox in any ASP.NET Core host.</summary>
public static class SandboxServiceCollectionExtensions
{
    /// <summary>
    /// Adds the sandbox's state, background services (webhooks, async callbacks) and options bound from the
    /// <c>Sandbox</c> section of <paramref name="configuration"/>. Uses the host's <see cref="TimeProvider"/> if one is registered.
    /// With <c>Sandbox:DataPath</c> set the state is kept in that SQLite file across restarts.
    /// </summary>
    public static IServiceCollection AddLenderSandbox(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<SandboxOptions>().Bind(configuration.GetSection(SandboxOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SandboxOptions>, SandboxOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        // The factory's default handlers log each request's full URI (System.Net.Http.HttpClient.* at Information), and a
        // webhook URL carries its receiver's secret (the server's /webhooks/finbox/<UrlToken>); as the server's lender clients,
        // the sandbox leaves them out and says what it delivered in its own lines (9002/9003: kind, masked key, status, attempts).
        services.AddHttpClient(OutboundDispatcher.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(90))
            .RemoveAllLoggers();

        services.AddSingleton(sp => new SandboxRandom(
            sp.GetRequiredService<IOptions<SandboxOptions>>().Value.RandomSeed is { } seed ? new Random(seed) : new Random()));
        services.TryAddSingleton<ListeningAddress>();
        services.AddSingleton<SandboxState>();
        AddDurableState<FinBoxV2Store>(services);
        AddDurableState<FinBoxV1Store>(services);
        AddDurableState<CapitalFloatStore>(services);
        AddDurableState<PartnerStore>(services);
        AddDurableState<CallCounters>(services);
        AddState<FaultSettings>(services);
        AddDurableState<OutboundQueue>(services);
        services.AddSingleton<V1Journeys>();
        services.AddSingleton(sp => new SandboxWebhookOutlook(
            sp.GetRequiredService<FinBoxV1Store>(), sp.GetRequiredService<V1Journeys>(), sp.GetRequiredService<OutboundQueue>()));
        services.AddHostedService<OutboundDispatcher>();
        services.AddHostedService<V1JourneyDriver>();
        return services;
    }

    /// <summary>State kept in the state file: reset by <c>POST /sandbox/reset</c> and flushed by <see cref="SandboxState"/>.</summary>
    private static void AddDurableState<T>(IServiceCollection services)
        where T : class, IResettable, IDurableState
    {
        AddState<T>(services);
        services.AddSingleton<IDurableState>(sp => sp.GetRequiredService<T>());
    }

    private static void AddState<T>(IServiceCollection services)
        where T : class, IResettable
    {
        services.AddSingleton<T>();
        services.AddSingleton<IResettable>(sp => sp.GetRequiredService<T>());
    }
}
