using LoanJourney.Lenders.CapitalFloat;
using LoanJourney.Lenders.Common;
using LoanJourney.Lenders.FinBoxPrism;
using LoanJourney.Lenders.FinBoxSourcing;
using LoanJourney.Lenders.PartnerToken;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the four typed lender clients with their resilience, auth headers and call recording.</summary>
public static class LendersServiceCollectionExtensions
{
    /// <summary>The configuration section holding one sub-section per lender.</summary>
    public const string SectionName = "Lenders";

    /// <summary>
    /// Adds <see cref="IFinBoxPrismClient"/>, <see cref="IFinBoxSourcingClient"/>, <see cref="ICapitalFloatClient"/> and
    /// <see cref="IPartnerTokenClient"/>, each an <see cref="IHttpClientFactory"/> typed client configured from
    /// <c>Lenders:FinBoxPrism</c>, <c>Lenders:FinBoxSourcing</c>, <c>Lenders:CapitalFloat</c> and <c>Lenders:Partner</c>.
    /// Handlers, outermost first: the lender's Polly pipeline (timeouts, retries of safe calls, circuit breaker), then the
    /// telemetry (a span and a duration per attempt, <see cref="LenderTelemetry"/>), then the recorder that logs masked and
    /// publishes a <see cref="LenderCallRecord"/> per attempt.
    /// </summary>
    public static IServiceCollection AddLenders(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<LenderResiliencePipelines>();
        services.AddMetrics();
        services.TryAddSingleton<LenderTelemetry>();

        services.AddLender<IFinBoxPrismClient, FinBoxPrismClient>(configuration, LenderNames.FinBoxPrism);
        services.AddLender<IFinBoxSourcingClient, FinBoxSourcingClient>(configuration, LenderNames.FinBoxSourcing);
        services.AddLender<ICapitalFloatClient, CapitalFloatClient>(configuration, LenderNames.CapitalFloat);
        services.AddLender<IPartnerTokenClient, PartnerTokenClient>(configuration, LenderNames.Partner);
        return services;
    }

    private static void AddLender<TClient, TImplementation>(this IServiceCollection services, IConfiguration configuration, string lender)
        where TClient : class
        where TImplementation : class, TClient
    {
        services.AddOptions<LenderOptions>(lender)
            .Bind(configuration.GetSection($"{SectionName}:{lender}"))
            .Validate(o => o.BaseUrl is { IsAbsoluteUri: true }, $"{SectionName}:{lender}:BaseUrl must be an absolute URL.")
            .Validate(o => o.MaxRetryAttempts >= 0 && o.BreakerFailureRatio is > 0 and <= 1, $"{SectionName}:{lender} has invalid resilience settings.");

        services.AddHttpClient<TClient, TImplementation>(lender, (sp, http) =>
            {
                var options = sp.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<LenderOptions>>().Get(lender);
                var baseUrl = options.BaseUrl!.AbsoluteUri;
                http.BaseAddress = new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/");

                // The pipeline owns time limits (per attempt and in total); HttpClient's own timeout would cut across retries.
                http.Timeout = Timeout.InfiniteTimeSpan;
                if (!string.IsNullOrEmpty(options.ApiKey))
                {
                    http.DefaultRequestHeaders.Add("x-api-key", options.ApiKey);
                }

                if (!string.IsNullOrEmpty(options.Authorization))
                {
                    // Documented as `Authorization: YOUR_TOKEN`, with no scheme: sent verbatim.
                    http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", options.Authorization);
                }
            })
            .AddHttpMessageHandler(sp => new LenderResilienceHandler(lender, sp.GetRequiredService<LenderResiliencePipelines>()))
            .AddHttpMessageHandler(sp => new LenderTelemetryHandler(lender, sp.GetRequiredService<LenderTelemetry>(), sp.GetRequiredService<TimeProvider>()))
            .AddHttpMessageHandler(sp => new LenderCallRecordingHandler(lender,
                sp.GetRequiredService<ILoggerFactory>().CreateLogger($"LoanJourney.Lenders.{lender}"),
                sp.GetRequiredService<TimeProvider>()))

            // The factory's default handlers log full URIs; ours log masked ones.
            .RemoveAllLoggers();
    }
}
