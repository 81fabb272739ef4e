using System.Diagnostics;

namespace LoanJourney.Bench;

/// <summary>
/// The build whose server and sandbox a benchmark runs as processes: this checkout's, or with <c>LJ_BENCH_BUILD_ROOT</c> another
/// checkout's (the A side of a before/after, docs/PERFORMANCE.md "Method"). A process runs whole from its build root: its dlls,
/// <c>runtimeconfig.json</c> and <c>deps.json</c> from the root's Release output (the migrations are embedded in the engine's
/// dll), and, as its working directory is the root, the content root's <c>appsettings.json</c> and
/// <c>appsettings.{Environment}.json</c>, the definitions under <c>workflows/</c> and the Studio from the root too. Until session
/// 52 only the dll was the root's: the working directory was this checkout, so an A-side server read B's settings and
/// definitions. A root that lacks a file of those this checkout has is refused, naming the files, rather than run
/// half A and half B (or on the defaults: a copy of the Release outputs alone has no settings).
/// </summary>
internal sealed class BuildUnderTest(string root, string reference)
{
    public const string Variable = "LJ_BENCH_BUILD_ROOT";

    /// <summary>The checkout whose build runs.</summary>
    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>The checkout the benchmark runs from (the B side), whose files the root must also have.</summary>
    public string Reference { get; } = Path.GetFullPath(reference);

    /// <summary>Whether the root is another checkout than the benchmark's own.</summary>
    public bool IsOther => !string.Equals(Root.TrimEnd(Path.DirectorySeparatorChar), Reference.TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal);

    /// <summary><c>LJ_BENCH_BUILD_ROOT</c> when set, else the benchmark's own checkout.</summary>
    public static BuildUnderTest FromEnvironment(string reference) =>
        new(Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } other ? other : reference, reference);

    /// <summary>The project's Release output under a checkout.</summary>
    public static string Output(string checkout, string project) => Path.Combine(checkout, "src", project, "bin", "Release", "net10.0");

    public string Dll(string project) => Path.Combine(Output(Root, project), project + ".dll");

    /// <summary>
    /// The files, relative to a checkout, that the project's process reads there (<paramref name="environmentName"/> as it runs):
    /// its entry point and the runtime's files for it (<c>runtimeconfig.json</c>, <c>deps.json</c> and the other JSON of the
    /// output), <c>LoanJourney.sln</c> (the server finds its repository root by it), the content root's settings, and for the
    /// server the definitions it loads at start (<c>workflows/**.json</c>) and the built Studio (either place it is served from).
    /// Only those present in <paramref name="checkout"/>.
    /// </summary>
    public static IReadOnlyList<string> RunInputs(string checkout, string project, string environmentName)
    {
        var inputs = new List<string>();
        var output = Output(checkout, project);
        if (Directory.Exists(output))
        {
            inputs.AddRange(Directory.EnumerateFiles(output, "*.json").Append(Path.Combine(output, project + ".dll")).Select(f => Path.GetRelativePath(checkout, f)));
        }

        inputs.AddRange(["LoanJourney.sln", "appsettings.json", $"appsettings.{environmentName}.json"]);
        if (project == "LoanJourney.Server")
        {
            var workflows = Path.Combine(checkout, "workflows");
            if (Directory.Exists(workflows))
            {
                inputs.AddRange(Directory.EnumerateFiles(workflows, "*.json", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(checkout, f)));
            }

            inputs.Add(Path.Combine("src", "LoanJourney.Server", "wwwroot", "studio", "index.html"));
            inputs.Add(Path.Combine("studio", "dist", "index.html"));
        }

        return inputs.Where(i => File.Exists(Path.Combine(checkout, i))).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// What the root lacks to run the project whole: its own entry point, runtimeconfig and deps, and when it is another checkout
    /// every run input (<see cref="RunInputs"/>) the benchmark's checkout has.
    /// </summary>
    public IReadOnlyList<string> Missing(string project, string environmentName)
    {
        var output = Path.GetRelativePath(Root, Output(Root, project));
        IEnumerable<string> needed = [Path.Combine(output, project + ".dll"), Path.Combine(output, project + ".runtimeconfig.json"), Path.Combine(output, project + ".deps.json")];
        if (IsOther)
        {
            needed = needed.Concat(RunInputs(Reference, project, environmentName));
        }

        return needed.Distinct(StringComparer.Ordinal).Where(n => !File.Exists(Path.Combine(Root, n))).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// How the project's process is started: <c>dotnet</c> on the root's dll, in the root (its content root: settings, definitions
    /// and Studio), in <paramref name="environmentName"/>; after <see cref="EnsureComplete"/>.
    /// </summary>
    public ProcessStartInfo StartInfo(string project, string environmentName)
    {
        EnsureComplete(project, environmentName);
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Dll(project));
        info.Environment["ASPNETCORE_ENVIRONMENT"] = environmentName;
        info.Environment["DOTNET_ENVIRONMENT"] = environmentName;
        return info;
    }

    /// <summary>Throws, naming what is missing and how to make the root whole, when <see cref="Missing"/> names anything.</summary>
    public void EnsureComplete(string project, string environmentName)
    {
        var missing = Missing(project, environmentName);
        if (missing.Count == 0)
        {
            return;
        }

        var build = $"dotnet build -c Release src/{project}{(project == "LoanJourney.Server" ? " -p:SkipStudioBuild=true" : "")}";
        throw new InvalidOperationException(
            $"{project} cannot run whole from {Root}: it lacks {string.Join(", ", missing.Take(12))}{(missing.Count > 12 ? $" and {missing.Count - 12} more" : "")}" +
            (IsOther
                ? $" ({Reference} has them). A before/after runs each side entirely from its own checkout (settings, definitions, " +
                  $"Studio, output): make {Variable} a whole checkout, e.g. `git archive <commit> | tar -x -C <dir>`, built the same way " +
                  $"as this one (`{build}`, and the Studio if this one has it), not a copy of the Release outputs alone."
                : $". Build it first: {build}."));
    }
}
