using LoanJourney.Lenders.CapitalFloat;
using LoanJourney.Lenders.Common;
using LoanJourney.Lenders.FinBoxPrism;
using LoanJourney.Lenders.FinBoxSourcing;
using LoanJourney.Lenders.PartnerToken;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Refit;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the four typed lender clients with their resilience, auth headers and call recording.</summary>
public static class LendersServiceCollectionExtensions
{
    /// <summary>The configuration section holding one sub-section per lender.</summary>
    public const string SectionName = "Lenders";

    /// <summary>
    /// Adds <see cref="IFinBoxPrismClient"/>, <see cref="IFinBoxSourcingClient"/>, <see cref="ICapitalFloatClient"/> and
    /// <see cref="IPartnerTokenClient"/>, each a thin classifying client over a Refit interface whose <see cref="IHttpClientFactory"/>
    /// client is configured from <c>Lenders:FinBoxPrism</c>, <c>Lenders:FinBoxSourcing</c>, <c>Lenders:CapitalFloat</c> and
    /// <c>Lenders:Partner</c>, and one <see cref="IPartnerTokenClient"/> per sourcing partner, keyed by its name, from
    /// <c>Lenders:Partners:{partner}</c> (<see cref="PartnerTokenClients"/>). Handlers, outermost first: the lender's resilience pipeline (<c>AddResilienceHandler</c>: timeouts,
    /// retries of safe calls, circuit breaker), then the telemetry (a span and a duration per attempt,
    /// <see cref="LenderTelemetry"/>), then the recorder that logs masked and publishes a <see cref="LenderCallRecord"/> per attempt.
    /// </summary>
    public static IServiceCollection AddLenders(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<LenderTelemetry>();

        services.AddLender<IFinBoxPrismApi>(configuration, LenderNames.FinBoxPrism);
        services.AddLender<IFinBoxSourcingApi>(configuration, LenderNames.FinBoxSourcing);
        services.AddLender<ICapitalFloatApi>(configuration, LenderNames.CapitalFloat);
        services.AddLender<IPartnerTokenApi>(configuration, LenderNames.Partner);
        services.AddTransient<IFinBoxPrismClient>(sp => new FinBoxPrismClient(sp.GetRequiredService<IFinBoxPrismApi>(), sp.GetRequiredService<ILogger<FinBoxPrismClient>>()));
        services.AddTransient<IFinBoxSourcingClient>(sp => new FinBoxSourcingClient(sp.GetRequiredService<IFinBoxSourcingApi>(), sp.GetRequiredService<ILogger<FinBoxSourcingClient>>()));
        services.AddTransient<ICapitalFloatClient>(sp => new CapitalFloatClient(sp.GetRequiredService<ICapitalFloatApi>(), sp.GetRequiredService<ILogger<CapitalFloatClient>>()));
        services.AddTransient<IPartnerTokenClient>(sp => new PartnerTokenClient(sp.GetRequiredService<IPartnerTokenApi>(), sp.GetRequiredService<ILogger<PartnerTokenClient>>(),
            sp.GetRequiredService<IOptionsMonitor<LenderOptions>>(), LenderNames.Partner));

        // One partner API per sourcing partner (Lenders:Partners:<partner>): a client of its own, keyed by the partner, with its own
        // base address, Authorization, resilience pipeline (and breaker); the journal's records and the telemetry say "Partner" as
        // before. A partner's journey calls only its partner's client (PartnerTokenClients.For), never Lenders:Partner's.
        var partners = PartnerTokenClients.ConfiguredPartners(configuration);
        foreach (var partner in partners)
        {
            var name = LenderNames.PartnerOf(partner);
            services.AddLender<IPartnerTokenApi>(configuration, name, LenderNames.Partner, serviceKey: partner);
            services.AddKeyedTransient<IPartnerTokenClient>(partner, (sp, _) => new PartnerTokenClient(sp.GetRequiredKeyedService<IPartnerTokenApi>(partner),
                sp.GetRequiredService<ILogger<PartnerTokenClient>>(), sp.GetRequiredService<IOptionsMonitor<LenderOptions>>(), name));
        }

        services.TryAddSingleton(sp => new PartnerTokenClients(sp, partners));
        return services;
    }

    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration; the lender's section is <c>Lenders:{lender}</c>.</param>
    /// <param name="lender">The options, HTTP client and resilience pipeline name (<c>Partners:acme</c> for a partner's API).</param>
    /// <param name="recordedAs">The lender named in call records, logs of calls and telemetry (default <paramref name="lender"/>).</param>
    /// <param name="serviceKey">Registers <typeparamref name="TApi"/> under this key (a partner's API) instead of as the one client.</param>
    private static void AddLender<TApi>(this IServiceCollection services, IConfiguration configuration, string lender, string? recordedAs = null, object? serviceKey = null)
        where TApi : class
    {
        var recorded = recordedAs ?? lender;
        // Checked here, while the host is being built, so that a wrong value stops the start naming the setting instead of
        // failing every call to this lender (the options themselves are resolved at the first call, after a sandbox in the
        // same process has given an unset BaseUrl its address).
        var section = configuration.GetSection($"{SectionName}:{lender}");
        var problems = new List<string>();
        if (section["BaseUrl"] is { Length: > 0 } baseUrl
            && (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https")))
        {
            problems.Add($"{section.Path}:BaseUrl must be an absolute http or https URL, not '{baseUrl}'.");
        }

        problems.AddRange(LenderResiliencePipeline.Problems(section.Path, section.Get<LenderOptions>() ?? new LenderOptions()));
        if (PartnerRequestSigner.Problem($"{section.Path}:SigningSecret", section["SigningSecret"]) is { } signing)
        {
            problems.Add(signing);
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException($"The settings of lender {lender} are invalid: " + string.Join(" ", problems));
        }

        services.AddOptions<LenderOptions>(lender).Bind(section);

        var client = (serviceKey is null
                ? services.AddRefitGeneratedClient<TApi>(LenderJsonContext.Default, _ => RefitSettings, lender, allowReflectionFallback: false)
                : services.AddKeyedRefitGeneratedClient<TApi>(serviceKey, LenderJsonContext.Default, _ => RefitSettings, lender, allowReflectionFallback: false))
            .ConfigureHttpClient((sp, http) =>
            {
                var options = sp.GetRequiredService<IOptionsMonitor<LenderOptions>>().Get(lender);

                // Refit appends each documented path ("/v2/user/create") to the base address's own path (a mounted sandbox's prefix).
                http.BaseAddress = options.BaseUrl is { } baseUrl
                    ? new Uri(baseUrl.AbsoluteUri.TrimEnd('/'))
                    : throw new InvalidOperationException($"{SectionName}:{lender}:BaseUrl is not set: set it to the lender's documented base URL (docs/lenders.md).");

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
            });
        client.AddResilienceHandler(lender, (builder, context) => LenderResiliencePipeline.Configure(builder, context, lender));
        client.AddHttpMessageHandler(sp => new LenderTelemetryHandler(recorded, sp.GetRequiredService<LenderTelemetry>(), sp.GetRequiredService<TimeProvider>()))
            .AddHttpMessageHandler(sp => new LenderCallRecordingHandler(recorded,
                sp.GetRequiredService<ILoggerFactory>().CreateLogger($"LoanJourney.Lenders.{recorded}"),
                sp.GetRequiredService<TimeProvider>()));
        if (recorded == LenderNames.Partner)
        {
            // Innermost: each attempt is signed as it goes on the wire (docs/server.md, "Signed requests to a partner").
            client.AddHttpMessageHandler(sp => new PartnerRequestSigner(lender, sp.GetRequiredService<IOptionsMonitor<LenderOptions>>(), sp.GetRequiredService<TimeProvider>()));
        }

        // The factory's default handlers log full URIs; ours log masked ones.
        client.RemoveAllLoggers();
    }

    /// <summary>
    /// Bodies written from build-time metadata (<see cref="LenderJsonContext"/>: no reflection), buffered so every attempt re-sends the
    /// same bytes with a Content-Length, as the recorder and the retries need.
    /// </summary>
    private static readonly RefitSettings RefitSettings = new()
    {
        ContentSerializer = new SystemTextJsonContentSerializer(LenderJsonContext.Default.Options),
        Buffered = true,
    };
}
