using System.Reflection;
using LoanJourney.TestSupport;

namespace LoanJourney.Studio.Tests.Support;

/// <summary>Where the repository, the server's build output and the screenshot folder are.</summary>
internal static class RepositoryPaths
{
    public static string Root => Repository.Root;

    /// <summary>The server's own build output (the project reference builds it, and the Studio with it).</summary>
    public static string ServerAssembly { get; } = typeof(RepositoryPaths).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "ServerAssembly").Value!;

    /// <summary>The Studio the server build copied; the tests point the server at it so a stale studio/dist never wins.</summary>
    public static string StudioBuild => Path.Combine(Root, "src", "LoanJourney.Server", "wwwroot", "studio");

    public static string Screenshots => Path.Combine(Root, "artifacts", "screenshots");
}
