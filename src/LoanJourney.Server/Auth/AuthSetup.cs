using LoanJourney.Server.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;

namespace LoanJourney.Server.Auth;

internal static class AuthSetup
{
    /// <summary>
    /// API keys from <c>Server:ApiKeys</c> (an array; <c>Server__ApiKeys__0</c> in the environment). Development falls
    /// back to <c>dev-key</c>; any other environment refuses to start without a key. Session tickets are protected
    /// with keys kept under <c>Server:DataProtectionKeysPath</c> (default <c>data/keys</c>) so sessions survive restarts.
    /// </summary>
    public static IServiceCollection AddApiKeyAuthentication(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment, ServerPaths paths)
    {
        var keys = configuration.GetSection("Server:ApiKeys").Get<string[]>()?.Where(k => !string.IsNullOrWhiteSpace(k)).ToArray() ?? [];
        var usingDevelopmentKey = false;
        if (keys.Length == 0)
        {
            if (!environment.IsDevelopment())
            {
                throw new InvalidOperationException(
                    $"No API key is configured for the management API (environment '{environment.EnvironmentName}'). Set Server:ApiKeys " +
                    "in appsettings.json, or the environment variable Server__ApiKeys__0 (or LOANJOURNEY_Server__ApiKeys__0), to a long random secret. " +
                    "Only the Development environment falls back to the documented key 'dev-key'.");
            }

            keys = [ApiKeyOptions.DevelopmentKey];
            usingDevelopmentKey = true;
        }

        var options = new ApiKeyOptions
        {
            Keys = keys,
            SessionLifetime = configuration.GetValue("Server:SessionLifetime", TimeSpan.FromHours(12)),
        };
        services.AddSingleton(options);
        services.AddSingleton<SessionTickets>();
        services.AddDataProtection()
            .SetApplicationName("LoanJourney.Server")
            .PersistKeysToFileSystem(new DirectoryInfo(paths.Resolve(configuration["Server:DataProtectionKeysPath"] ?? Path.Combine("data", "keys"))));
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorization();
        if (usingDevelopmentKey)
        {
            services.AddHostedService<DevelopmentKeyWarning>();
        }

        return services;
    }
}
