namespace LoanJourney.TestSupport;

/// <summary>
/// The repository this test assembly was built from: the nearest folder above its output that holds <c>LoanJourney.sln</c>.
/// The one finder every test project uses (session 51: six test classes and helpers had each written their own walk).
/// </summary>
public static class Repository
{
    /// <summary>The repository's root folder, without a trailing separator.</summary>
    public static string Root { get; } = Find();

    /// <summary>The shipped journey definitions, <c>workflows/</c>.</summary>
    public static string Workflows => Path.Combine(Root, "workflows");

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "LoanJourney.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No LoanJourney.sln above {AppContext.BaseDirectory}.");
    }
}
