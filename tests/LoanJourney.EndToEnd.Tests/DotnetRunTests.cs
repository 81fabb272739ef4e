namespace LoanJourney.EndToEnd.Tests;

/// <summary>
/// The README's first command, <c>dotnet run --project src/LoanJourney.Server</c>, goes through the SDK's launch profile
/// (<c>Properties/launchSettings.json</c>), which the built-dll tests never see. The README and docs/server.md say
/// <c>ASPNETCORE_URLS</c> picks the address with nothing else to change; docs/sandbox.md says the same of the standalone
/// sandbox's <c>dotnet run --project src/LoanJourney.Sandbox</c>.
/// </summary>
public sealed class DotnetRunTests : IDisposable
{
    private readonly DataFolder _data = new("e2e-dotnetrun");
    private ChildProcess? _server;

    public void Dispose()
    {
        _server?.Dispose();
        _data.Dispose();
    }

    /// <summary>
    /// Walk 41 (SRE): <c>ASPNETCORE_URLS=http://127.0.0.1:5471 dotnet run --project src/LoanJourney.Server</c> listened on
    /// <c>http://localhost:5080</c>: the profile's <c>applicationUrl</c> is set by <c>dotnet run</c> as
    /// <c>ASPNETCORE_URLS</c>, over the one in the environment. The profile no longer names an address
    /// (appsettings.json's <c>Urls</c> is the default), so the environment's wins as documented.
    /// </summary>
    [Fact]
    public async Task DotnetRunListensWhereAspNetCoreUrlsSays()
    {
        var url = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var environment = StackEnvironment.Development(url, _data.Path);
        var configuration = Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(BuiltOutputs.ServerDll))!);
        _server = ChildProcess.StartDotnet("dotnet run", BuiltOutputs.RepositoryRoot, environment,
            "run", "--no-build", "-c", configuration, "--project", Path.Combine(BuiltOutputs.RepositoryRoot, "src", "LoanJourney.Server"));

        Assert.Equal(url, await _server.ListeningAsync(TimeSpan.FromSeconds(180)));
    }

    /// <summary>
    /// Session 41 left the sandbox's profile with <c>applicationUrl</c> <c>http://localhost:5090</c>, which <c>dotnet run</c>
    /// sets as <c>ASPNETCORE_URLS</c> over the environment's: the sandbox listened on 5090 whatever the caller said. Its
    /// default 5090 now comes from the sandbox itself (<c>SandboxDefaultAddress</c>), used only when nothing names an address.
    /// </summary>
    [Fact]
    public async Task DotnetRunOfTheSandboxListensWhereAspNetCoreUrlsSays()
    {
        var url = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["ASPNETCORE_URLS"] = url.ToString().TrimEnd('/') };
        var configuration = Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(BuiltOutputs.SandboxDll))!);
        // The profile's Sandbox__DataPath is relative to the project folder: the command line puts the state in this test's folder.
        _server = ChildProcess.StartDotnet("dotnet run (sandbox)", BuiltOutputs.RepositoryRoot, environment,
            "run", "--no-build", "-c", configuration, "--project", Path.Combine(BuiltOutputs.RepositoryRoot, "src", "LoanJourney.Sandbox"),
            "--", $"--Sandbox:DataPath={Path.Combine(_data.Path, "sandbox.db")}");

        Assert.Equal(url, await _server.ListeningAsync(TimeSpan.FromSeconds(180)));
    }
}
