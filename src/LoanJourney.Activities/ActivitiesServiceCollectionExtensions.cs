using LoanJourney.Activities.Journey;
using Microsoft.Extensions.Configuration;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the lender clients and every journey activity.</summary>
public static class ActivitiesServiceCollectionExtensions
{
    /// <summary>
    /// Adds the lender clients (<c>AddLenders</c>), <see cref="JourneyOptions"/> (poll interval from
    /// <c>Engine:PollInterval</c>, callback base URL from <c>Journeys:PublicBaseUrl</c>) and every journey activity.
    /// </summary>
    public static IServiceCollection AddJourneyActivities(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddLenders(configuration);
        services.AddOptions<JourneyOptions>()
            .Configure(o =>
            {
                if (configuration.GetValue<TimeSpan?>("Engine:PollInterval") is { } poll)
                {
                    o.PollInterval = poll;
                }

                if (configuration.GetValue<Uri?>("Journeys:PublicBaseUrl") is { } baseUrl)
                {
                    o.PublicBaseUrl = baseUrl;
                }
            })
            .Validate(o => o.PollInterval > TimeSpan.Zero, "Engine:PollInterval must be positive.")
            .Validate(o => o.PublicBaseUrl.IsAbsoluteUri, "Journeys:PublicBaseUrl must be an absolute URL.");

        return services;
    }
}
