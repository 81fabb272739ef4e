using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LoanJourney.Engine.Activities;

/// <summary>Registers activities.</summary>
public static class ActivityServiceCollectionExtensions
{
    /// <summary>Registers <typeparamref name="T"/> as a scoped activity and adds it to the <see cref="ActivityRegistry"/>.</summary>
    public static IServiceCollection AddActivity<T>(this IServiceCollection services)
        where T : class, IActivity
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddScoped<T>();
        services.AddSingleton(new ActivityRegistration(typeof(T)));
        return services;
    }
}
