using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace LoanJourney.Server.Hosting;

internal static class ConfigurationSetup
{
    /// <summary>Environment variables with this prefix override everything but the command line (<c>LOANJOURNEY_Server__ApiKeys__0</c>).</summary>
    public const string EnvironmentPrefix = "LOANJOURNEY_";

    /// <summary>
    /// Loads the repository root's <c>appsettings.json</c> and <c>appsettings.{Environment}.json</c> (the one file a user
    /// edits first) wherever the server is started from, keeping the usual precedence: JSON files, then environment
    /// variables (plain and <c>LOANJOURNEY_</c>-prefixed), then the command line.
    /// </summary>
    public static ServerPaths AddRepositoryConfiguration(this WebApplicationBuilder builder, string[] args)
    {
        var paths = ServerPaths.Discover(builder.Environment.ContentRootPath);
        var sources = builder.Configuration.Sources;
        if (paths.RepositoryRoot is { } root && !SamePath(root, builder.Environment.ContentRootPath))
        {
            // Right after the content root's own appsettings files, so environment variables still win.
            var lastJson = sources.Select((s, i) => (s, i)).LastOrDefault(x => x.s is JsonConfigurationSource { Path: { } p } && p.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase));
            var index = lastJson.s is null ? 0 : lastJson.i + 1;
            var files = new PhysicalFileProvider(root) { UsePollingFileWatcher = true, UseActivePolling = true };
            builder.Services.AddHostedService(_ => new FileProviderLifetime(files)); // its polling timer ends with the host
            foreach (var file in new[] { "appsettings.json", $"appsettings.{builder.Environment.EnvironmentName}.json" })
            {
                // Reloaded on change, so principals apply without a restart (Auth/PrincipalsReload). Polled (every 4 s, two
                // files' timestamps): a watcher on the repository root would watch its whole tree, node_modules and builds included.
                var source = new JsonConfigurationSource
                {
                    Path = file,
                    Optional = true,
                    ReloadOnChange = true,
                    FileProvider = files,
                };
                sources.Insert(index++, source);
            }
        }

        // ASPNETCORE_URLS (and the other ASPNETCORE_ settings) again after the JSON files: otherwise appsettings.json's "Urls"
        // would beat the environment, the opposite of every other key.
        builder.Configuration.AddEnvironmentVariables("ASPNETCORE_");
        builder.Configuration.AddEnvironmentVariables(EnvironmentPrefix);
        builder.Configuration.AddCommandLine(args);
        builder.Services.AddSingleton(paths);
        return paths;
    }

    private static bool SamePath(string a, string b) =>
        string.Equals(Path.GetFullPath(a).TrimEnd(Path.DirectorySeparatorChar), Path.GetFullPath(b).TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal);

    /// <summary>Disposes the repository's configuration file provider (and its polling timer) when the host is disposed.</summary>
    private sealed class FileProviderLifetime(PhysicalFileProvider files) : IHostedService, IDisposable
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public void Dispose() => files.Dispose();
    }
}
