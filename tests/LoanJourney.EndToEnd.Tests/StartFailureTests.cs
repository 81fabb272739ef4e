using System.Net;
using System.Net.Sockets;

namespace LoanJourney.EndToEnd.Tests;

/// <summary>
/// The built server, started as a user starts it, with a setting that stops its start: one line on stderr naming the cause and
/// exit code 1. It was .NET's "Unhandled exception" with every stack frame and exit code 134 (an abort), the setting's name
/// somewhere in the first line. StartupTests checks each setting's message in process; this checks what the process does.
/// </summary>
public sealed class StartFailureTests : IDisposable
{
    private readonly DataFolder _data = new("e2e-startfail");

    public void Dispose() => _data.Dispose();

    // Thrown while the services are registered, before the host (and its log) exists.
    [Fact]
    public void AWrongSetting_EndsTheProcessWithOneLineNamingIt_AndExitCode1()
    {
        var environment = StackEnvironment.Development(new Uri($"http://127.0.0.1:{FreePort.Next()}"), _data.Path);
        environment["Retention__ErasureCancelTimeout"] = "00:00:00";
        using var server = ChildProcess.Start("server", BuiltOutputs.ServerDll, environment);

        var exitCode = server.WaitForExit(TimeSpan.FromSeconds(120));

        Assert.True(exitCode == 1, $"exit code {exitCode}\n{server}");
        Assert.Equal(
            "LoanJourney did not start: Retention:ErasureCancelTimeout must be positive (how long an erasure with cancelFirst waits for the cancels).",
            server.StandardError);
        Assert.DoesNotContain("   at ", server.Output, StringComparison.Ordinal);
    }

    // Thrown by app.Run(), while the host starts (Kestrel binds its address): the host logs it with its stack, as before;
    // stderr has the one line. The services the host then cancels end quietly: before session 38 the journal packer and the
    // payload sweep, cancelled in a store call, were logged as "BackgroundService failed" with an OperationCanceledException.
    [Fact]
    public void AnAddressInUse_EndsTheProcessWithOneLineOnStderr_AndExitCode1() =>
        EndsWithOneLineOnATakenPort("LoanJourney", url => ChildProcess.Start("server", BuiltOutputs.ServerDll, StackEnvironment.Development(new Uri(url), _data.Path)));

    // The standalone sandbox starts as the server does (LoanJourney.Hosting): it ran app.Run(), so a taken port was .NET's
    // "Unhandled exception" with its stack and exit code 134, and its two background services (the outbound dispatcher, the
    // v1 journey driver) could be logged as "BackgroundService failed" after the cause (dotnet/runtime#131249).
    [Fact]
    public void TheSandbox_OnAnAddressInUse_EndsWithOneLineOnStderr_AndExitCode1() =>
        EndsWithOneLineOnATakenPort("The LoanJourney sandbox", url => ChildProcess.Start("sandbox", BuiltOutputs.SandboxDll,
            StackEnvironment.Sandbox(new Uri($"http://127.0.0.1:{FreePort.Next()}/webhooks/finbox"), seed: 41), "--urls", url));

    private static void EndsWithOneLineOnATakenPort(string program, Func<string, ChildProcess> start)
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)taken.LocalEndpoint).Port}";
        using var process = start(url);

        var exitCode = process.WaitForExit(TimeSpan.FromSeconds(120));

        Assert.True(exitCode == 1, $"exit code {exitCode}\n{process}");
        var line = Assert.Single(process.StandardError.Split('\n'));
        Assert.StartsWith($"{program} did not start: Failed to bind to address {url}: address already in use.", line, StringComparison.Ordinal);
        Assert.DoesNotContain("OperationCanceledException", process.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("BackgroundService failed", process.Output, StringComparison.Ordinal);
    }
}
