using LoanJourney.TestSupport;

namespace LoanJourney.Activities.Tests.TestSupport;

/// <summary>The repository's journey definitions and samples (<see cref="Repository"/> finds the repository).</summary>
internal static class RepoPaths
{
    public static string Root => Repository.Root;

    public static string Workflows => Repository.Workflows;

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
}
