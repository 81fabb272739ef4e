using LoanJourney.Lenders.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LoanJourney.Lenders.Tests.TestSupport;

/// <summary>Builds the real registration (<c>AddLenders</c>) against a test server, with tiny back-off and a breaker that stays out
/// of the way unless a test asks for it.</summary>
public static class LenderTestServices
{
    public const string PrismApiKey = "prism-key-7f3a9c1e5b";
    public const string SourcingApiKey = "sourcing-key-2d8e4f6a0c";
    public const string CapitalFloatToken = "cf-token-9b1d3f5h7j";
    public const string PartnerToken = "partner-token-4k6m8p0r2t";

    public static ServiceProvider Create(
        Uri baseUrl,
        ILoggerProvider? logs = null,
        TimeProvider? time = null,
        IReadOnlyDictionary<string, string?>? overrides = null,
        Action<IServiceCollection>? configure = null)
    {
        var settings = new Dictionary<string, string?>();
        foreach (var lender in new[] { LenderNames.FinBoxPrism, LenderNames.FinBoxSourcing, LenderNames.CapitalFloat, LenderNames.Partner })
        {
            var section = $"Lenders:{lender}:";
            settings[section + "BaseUrl"] = baseUrl.AbsoluteUri.TrimEnd('/');
            settings[section + "Timeout"] = "00:00:05";
            settings[section + "TotalTimeout"] = "00:00:20";
            settings[section + "MaxRetryAttempts"] = "2";
            settings[section + "RetryBaseDelay"] = "00:00:00.001";
            settings[section + "RetryMaxDelay"] = "00:00:00.005";
            settings[section + "BreakerMinimumThroughput"] = "1000";
        }

        settings["Lenders:FinBoxPrism:ApiKey"] = PrismApiKey;
        settings["Lenders:FinBoxSourcing:ApiKey"] = SourcingApiKey;
        settings["Lenders:CapitalFloat:Authorization"] = CapitalFloatToken;
        settings["Lenders:Partner:Authorization"] = PartnerToken;
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging(builder =>
        {
            builder.SetMinimumLevel(LogLevel.Trace);
            if (logs is not null)
            {
                builder.AddProvider(logs);
            }
        });
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddLenders(configuration);
        configure?.Invoke(services);
        return services.BuildServiceProvider();
    }
}
