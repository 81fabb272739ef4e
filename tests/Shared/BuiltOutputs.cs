using System.Reflection;

namespace LoanJourney.TestSupport;

/// <summary>The server and sandbox built in this test assembly's configuration, as stamped at build time, and the repository.</summary>
public static class BuiltOutputs
{
    public static string ServerDll { get; } = Stamped("ServerDll");

    public static string SandboxDll { get; } = Stamped("SandboxDll");

    public static string RepositoryRoot => Repository.Root;

    public static string Workflows => Repository.Workflows;

    private static string Stamped(string key) =>
        typeof(BuiltOutputs).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
