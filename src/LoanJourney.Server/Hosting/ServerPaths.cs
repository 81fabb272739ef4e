namespace LoanJourney.Server.Hosting;

/// <summary>
/// Where relative paths in configuration point: the repository root (the folder with <c>LoanJourney.sln</c> and the
/// user's <c>appsettings.json</c>) when the server runs from a checkout, the content root otherwise.
/// </summary>
internal sealed record ServerPaths(string BaseDirectory, string? RepositoryRoot)
{
    public string Resolve(string path) => Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(BaseDirectory, path));

    public static ServerPaths Discover(string contentRoot)
    {
        var root = FindRepositoryRoot(contentRoot) ?? FindRepositoryRoot(AppContext.BaseDirectory);
        return new ServerPaths(root ?? contentRoot, root);
    }

    private static string? FindRepositoryRoot(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "LoanJourney.sln")))
            {
                return directory.FullName;
            }
        }

        return null;
    }
}
