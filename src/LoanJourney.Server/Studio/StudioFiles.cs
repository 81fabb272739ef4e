using LoanJourney.Server.Hosting;

namespace LoanJourney.Server.Studio;

/// <summary>
/// Where the built Studio is: <c>Studio:Path</c>, else the server's <c>wwwroot/studio</c> (source tree or output), else
/// the Studio's own build output <c>studio/dist</c>. Null when none holds an <c>index.html</c>.
/// </summary>
internal static class StudioFiles
{
    public static string? Locate(IConfiguration configuration, ServerPaths paths, IWebHostEnvironment environment)
    {
        var candidates = new List<string>();
        if (configuration["Studio:Path"] is { Length: > 0 } configured)
        {
            candidates.Add(paths.Resolve(configured));
        }

        candidates.Add(Path.Combine(environment.ContentRootPath, "wwwroot", "studio"));
        if (paths.RepositoryRoot is { } root)
        {
            candidates.Add(Path.Combine(root, "src", "LoanJourney.Server", "wwwroot", "studio"));
            candidates.Add(Path.Combine(root, "studio", "dist"));
        }

        candidates.Add(Path.Combine(AppContext.BaseDirectory, "wwwroot", "studio"));
        return candidates.FirstOrDefault(c => File.Exists(Path.Combine(c, "index.html")));
    }
}
