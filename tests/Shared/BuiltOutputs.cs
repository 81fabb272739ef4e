using System.Reflection;

namespace LoanJourney.TestSupport;

/// <summary>The server and sandbox built in this test assembly's configuration, and the repository, as stamped at build time.</summary>
public static class BuiltOutputs
{
    public static string ServerDll { get; } = Stamped("ServerDll");

    public static string SandboxDll { get; } = Stamped("SandboxDll");

    public static string RepositoryRoot { get; } = Stamped("RepositoryRoot");

    public static string Workflows => Path.Combine(RepositoryRoot, "workflows");

    private static string Stamped(string key) =>
        typeof(BuiltOutputs).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
