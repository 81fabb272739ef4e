using System.Text.RegularExpressions;

namespace LoanJourney.EndToEnd.Tests;

/// <summary>
/// The README's first command, <c>dotnet run --project src/LoanJourney.Server</c>, goes through the SDK's launch profile
/// (<c>Properties/launchSettings.json</c>), which the built-dll tests never see. The README and docs/server.md say
/// <c>ASPNETCORE_URLS</c> picks the address with nothing else to change.
/// </summary>
public sealed partial class DotnetRunTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), $"loanjourney-e2e-dotnetrun-{Guid.NewGuid():N}");
    private ChildProcess? _server;

    public void Dispose()
    {
        _server?.Dispose();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
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
        Directory.CreateDirectory(_data);
        var url = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var environment = StackEnvironment.Development(url, _data);
        var configuration = Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(BuiltOutputs.ServerDll))!);
        _server = ChildProcess.StartDotnet("dotnet run", BuiltOutputs.RepositoryRoot, environment,
            "run", "--no-build", "-c", configuration, "--project", Path.Combine(BuiltOutputs.RepositoryRoot, "src", "LoanJourney.Server"));

        var listening = await Poll.UntilAsync(() => Task.FromResult(ListeningOn().Match(_server.Output)), m => m.Success || _server.HasExited,
            TimeSpan.FromSeconds(180), _ => _server.ToString());
        Assert.True(listening.Success, _server.ToString());
        Assert.Equal(url.ToString().TrimEnd('/'), listening.Groups["url"].Value);
    }

    [GeneratedRegex(@"Now listening on: (?<url>\S+)")]
    private static partial Regex ListeningOn();
}
