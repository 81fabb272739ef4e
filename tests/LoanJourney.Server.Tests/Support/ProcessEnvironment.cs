namespace LoanJourney.Server.Tests.Support;

/// <summary>
/// Environment variables set for one test, put back as they were at its end. They are the process's: a test that sets them
/// is in the <see cref="RunsAlone"/> collection, so that no other test's server starts while they are set.
/// </summary>
[CollectionDefinition(RunsAlone, DisableParallelization = true)]
public sealed class ProcessEnvironment : IDisposable
{
    public const string RunsAlone = "Process environment";

    private readonly Dictionary<string, string?> _previous = new(StringComparer.Ordinal);

    private ProcessEnvironment()
    {
    }

    public static ProcessEnvironment Set(IReadOnlyDictionary<string, string> variables)
    {
        var environment = new ProcessEnvironment();
        foreach (var (name, value) in variables)
        {
            environment._previous[name] = Environment.GetEnvironmentVariable(name);
            Environment.SetEnvironmentVariable(name, value);
        }

        return environment;
    }

    public void Dispose()
    {
        foreach (var (name, value) in _previous)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }
}
