using LoanJourney.Bench;

namespace LoanJourney.Engine.Tests.Bench;

/// <summary>
/// The benchmark's <c>LJ_BENCH_BUILD_ROOT</c> (bench/LoanJourney.Bench/BuildUnderTest.cs, compiled in here: the bench has no test
/// project): an A-side process runs whole from its own checkout, and a root that lacks what this checkout's run reads is refused
/// by name. Until session 52 only the dll was A's: the working directory, hence the settings, definitions and Studio, were B's.
/// </summary>
public sealed class BuildUnderTestTests : IDisposable
{
    private const string Server = "LoanJourney.Server";
    private readonly string _temp = Path.Combine(Path.GetTempPath(), "lj-buildroot-" + Guid.NewGuid().ToString("N"));

    private string B => Path.Combine(_temp, "b");

    private string A => Path.Combine(_temp, "a");

    public BuildUnderTestTests()
    {
        foreach (var checkout in new[] { B, A })
        {
            Write(checkout, Output(Server + ".dll"), Output(Server + ".runtimeconfig.json"), Output(Server + ".deps.json"));
        }

        Write(B, "LoanJourney.sln", "appsettings.json", "appsettings.Production.json", "appsettings.Development.json",
            Path.Combine("workflows", "finbox-personal-loan.json"), Path.Combine("workflows", "samples", "finbox-personal-loan.json"),
            Output(Server + ".staticwebassets.endpoints.json"), Path.Combine("src", Server, "wwwroot", "studio", "index.html"));
    }

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    [Fact]
    public void StartInfo_AnotherCheckout_RunsInItsRootWithItsDll()
    {
        MakeWhole(A);
        var info = new BuildUnderTest(A, B).StartInfo(Server, "Production");

        Assert.Equal(Path.GetFullPath(A), info.WorkingDirectory);
        Assert.Equal([Path.Combine(Path.GetFullPath(A), Output(Server + ".dll"))], info.ArgumentList);
        Assert.Equal("Production", info.Environment["ASPNETCORE_ENVIRONMENT"]);
    }

    [Fact]
    public void Missing_ACopyOfTheReleaseOutputsAlone_NamesTheSettingsDefinitionsAndStudioThisCheckoutHas()
    {
        var build = new BuildUnderTest(A, B);

        Assert.Equal(
            new[]
            {
                "LoanJourney.sln", "appsettings.Production.json", "appsettings.json", Output(Server + ".staticwebassets.endpoints.json"),
                Path.Combine("src", Server, "wwwroot", "studio", "index.html"),
                Path.Combine("workflows", "finbox-personal-loan.json"), Path.Combine("workflows", "samples", "finbox-personal-loan.json"),
            }.Order(StringComparer.Ordinal),
            build.Missing(Server, "Production"));
        var refused = Assert.Throws<InvalidOperationException>(() => build.StartInfo(Server, "Production"));
        Assert.Contains("appsettings.json", refused.Message, StringComparison.Ordinal);
        Assert.Contains("git archive", refused.Message, StringComparison.Ordinal);
        // Another environment's settings are not read by a Production run.
        Assert.DoesNotContain("appsettings.Development.json", build.Missing(Server, "Production"));
    }

    [Fact]
    public void Missing_AWholeCheckout_IsNothing_AndTheSandboxNeedsNoDefinitions()
    {
        MakeWhole(A);
        Assert.Empty(new BuildUnderTest(A, B).Missing(Server, "Production"));

        File.Delete(Path.Combine(A, "workflows", "samples", "finbox-personal-loan.json"));
        Assert.Equal([Path.Combine("workflows", "samples", "finbox-personal-loan.json")], new BuildUnderTest(A, B).Missing(Server, "Production"));
        Write(A, Path.Combine("src", "LoanJourney.Sandbox", "bin", "Release", "net10.0", "LoanJourney.Sandbox.dll"),
            Path.Combine("src", "LoanJourney.Sandbox", "bin", "Release", "net10.0", "LoanJourney.Sandbox.runtimeconfig.json"),
            Path.Combine("src", "LoanJourney.Sandbox", "bin", "Release", "net10.0", "LoanJourney.Sandbox.deps.json"));
        Assert.Empty(new BuildUnderTest(A, B).Missing("LoanJourney.Sandbox", "Production"));
    }

    [Fact]
    public void Missing_ThisCheckoutUnbuilt_AsksForTheBuild()
    {
        File.Delete(Path.Combine(B, Output(Server + ".dll")));
        var build = new BuildUnderTest(B, B);

        Assert.False(build.IsOther);
        Assert.Equal([Output(Server + ".dll")], build.Missing(Server, "Production"));
        Assert.Contains("dotnet build -c Release src/LoanJourney.Server", Assert.Throws<InvalidOperationException>(() => build.EnsureComplete(Server, "Production")).Message, StringComparison.Ordinal);
    }

    private static string Output(string file) => Path.Combine("src", Server, "bin", "Release", "net10.0", file);

    private void MakeWhole(string checkout)
    {
        foreach (var file in Directory.EnumerateFiles(B, "*", SearchOption.AllDirectories))
        {
            Write(checkout, Path.GetRelativePath(B, file));
        }
    }

    private static void Write(string checkout, params string[] files)
    {
        foreach (var file in files)
        {
            var path = Path.Combine(checkout, file);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, "{}");
        }
    }
}
