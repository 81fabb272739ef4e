namespace LoanJourney.Activities.Tests.TestSupport;

/// <summary>Locates the repository (the directory holding LoanJourney.sln) from the test's base directory.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Workflows => Path.Combine(Root, "workflows");

    public static string Sample(string workflowId) => Path.Combine(Workflows, "samples", workflowId + ".json");

    /// <summary>
    /// A temporary copy of the journey definitions (the top-level <c>workflows/*.json</c>): the engine loads every JSON file
    /// under its directory, and <c>workflows/samples</c> holds inputs, not definitions.
    /// </summary>
    public static string CopyDefinitions(string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(Workflows, "*.json", SearchOption.TopDirectoryOnly))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
        }

        return target;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LoanJourney.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("LoanJourney.sln not found above " + AppContext.BaseDirectory);
    }
}
