using System.Net;
using System.Net.Sockets;

namespace LoanJourney.EndToEnd.Tests;

/// <summary>
/// The built server, started as a user starts it, with a setting that stops its start: one line on stderr naming the cause and
/// exit code 1, and no stack trace anywhere on the console for a refusal raised on purpose. It was .NET's "Unhandled exception"
/// with every stack frame and exit code 134 (an abort), the setting's name somewhere in the first line. StartupTests checks each setting's message in process; this checks what the process does.
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

    // Refused on purpose while the host starts (the start's store check): a database a newer build migrated, with SQLite
    // (Engine:FailOnDefinitionErrors makes the start wait for the initialization). The one line on stderr and nothing else: until
    // session 48 the host's "Hosting failed to start" put the exception's stack on the console, the journal compactor and the
    // payload sweep logged the same refusal as their own failures, each with its stack, and stderr repeated the stack after the line.
    [Fact]
    public void ADatabaseANewerBuildMigrated_EndsTheProcessWithOneLine_AndNoStackTrace()
    {
        var database = Path.Combine(_data.Path, "loanjourney.db");
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database};Pooling=False"))
        {
            connection.Open();
            using var newer = connection.CreateCommand();
            newer.CommandText = "CREATE TABLE schema_migrations (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL); " +
                "INSERT INTO schema_migrations VALUES (9998, '9998_from_a_newer_build.sql', 0);";
            newer.ExecuteNonQuery();
        }

        var environment = StackEnvironment.Development(new Uri($"http://127.0.0.1:{FreePort.Next()}"), _data.Path);
        environment["Engine__FailOnDefinitionErrors"] = "true";
        using var server = ChildProcess.Start("server", BuiltOutputs.ServerDll, environment);

        var exitCode = server.WaitForExit(TimeSpan.FromSeconds(120));

        Assert.True(exitCode == 1, $"exit code {exitCode}\n{server}");
        var line = Assert.Single(server.StandardError.Split('\n'));
        Assert.StartsWith("LoanJourney did not start: The database's schema is newer than this build: it has migration 9998_from_a_newer_build.sql, ",
            line, StringComparison.Ordinal);
        Assert.EndsWith($"(Engine:DatabasePath: {database})", line.TrimEnd('\r'), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", server.Output, StringComparison.Ordinal);
    }

    // Thrown by app.Run(), while the host starts (Kestrel binds its address): stderr has the one line, and the console nothing
    // more (session 48: the host's "Hosting failed to start" with the stack is left out of it; the log file keeps it). The services
    // the host then cancels end quietly: before session 38 the journal packer and the payload sweep, cancelled in a store call,
    // were logged as "BackgroundService failed" with an OperationCanceledException.
    [Fact]
    public void AnAddressInUse_EndsTheProcessWithOneLineOnStderr_AndExitCode1()
    {
        var output = EndsWithOneLineOnATakenPort("LoanJourney", url => ChildProcess.Start("server", BuiltOutputs.ServerDll, StackEnvironment.Development(new Uri(url), _data.Path)));
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    // The standalone sandbox starts as the server does (LoanJourney.Hosting): it ran app.Run(), so a taken port was .NET's
    // "Unhandled exception" with its stack and exit code 134, and its two background services (the outbound dispatcher, the
    // v1 journey driver) could be logged as "BackgroundService failed" after the cause (dotnet/runtime#131249).
    // Its console is .NET's own logger, which showed the host's "Hosting failed to start" with the stack above the line until
    // session 49 (LoanJourney.Hosting.StartRefusalConsole leaves that event out, as the server's console does).
    [Fact]
    public void TheSandbox_OnAnAddressInUse_EndsWithOneLineOnStderr_AndExitCode1()
    {
        var output = EndsWithOneLineOnATakenPort("The LoanJourney sandbox", url => ChildProcess.Start("sandbox", BuiltOutputs.SandboxDll,
            StackEnvironment.Sandbox(new Uri($"http://127.0.0.1:{FreePort.Next()}/webhooks/finbox"), seed: 41), "--urls", url));
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Hosting failed to start", output, StringComparison.Ordinal);
    }

    /// <summary>Asserts the one line on stderr and exit code 1; returns what the process wrote.</summary>
    private static string EndsWithOneLineOnATakenPort(string program, Func<string, ChildProcess> start)
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
        return process.Output;
    }
}
