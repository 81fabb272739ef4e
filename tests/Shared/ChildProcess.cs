using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace LoanJourney.TestSupport;

/// <summary>A built app (<c>dotnet app.dll</c>) running as a child process: output kept for failure messages, killed by pid.</summary>
public sealed partial class ChildProcess : IDisposable
{
    private const int KeptLines = 400;
    private readonly Process _process;
    private readonly Queue<string> _output = new();
    private readonly Queue<string> _errors = new();

    private ChildProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines the process wrote (stdout and stderr interleaved).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    /// <summary>
    /// The address Kestrel says it listens on (its first "Now listening on:" line), once it has said it; a
    /// <see cref="TimeoutException"/> with the output when the process ends first or not within <paramref name="deadline"/>.
    /// </summary>
    public async Task<Uri> ListeningAsync(TimeSpan deadline)
    {
        var listening = await Poll.UntilAsync(() => Task.FromResult(ListeningOn().Match(Output)), m => m.Success || HasExited, deadline, _ => ToString());
        return listening.Success ? new Uri(listening.Groups["url"].Value) : throw new TimeoutException($"{Name} ended before it listened\n{this}");
    }

    [GeneratedRegex(@"Now listening on: (?<url>\S+)")]
    private static partial Regex ListeningOn();

    /// <summary>The last lines the process wrote to stderr alone.</summary>
    public string StandardError
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _errors);
            }
        }
    }

    public static ChildProcess Start(string name, string dll, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{name} is not built at {dll} (build the solution in this configuration first).");
        }

        return StartDotnet(name, Path.GetDirectoryName(dll)!, environment, [dll, .. arguments]);
    }

    /// <summary>
    /// <c>dotnet</c> with any arguments (<c>run --project …</c>, as a user types it): killed, like an app, with its whole process
    /// tree, so the app <c>dotnet run</c> started goes too.
    /// </summary>
    public static ChildProcess StartDotnet(string name, string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(DotnetExecutable())
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Dynamic PGO off in the servers and sandboxes the tests start, as in the test hosts (tests/Directory.Build.props):
        // the server has it on since docs/PERFORMANCE.md "Round 37" for its steady state, and pays +39 to +71 % CPU per
        // journey over its first 800; a test's server never gets there. A caller's own setting wins.
        start.Environment["DOTNET_TieredPGO"] = "0";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start };
        var child = new ChildProcess(name, process);
        process.OutputDataReceived += (_, e) => child.Collect(e.Data);
        process.ErrorDataReceived += (_, e) => child.Collect(e.Data, error: true);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Polls <paramref name="path"/> until it answers 200; fails at once when the process exits.</summary>
    public async Task WaitReadyAsync(HttpClient client, string path, TimeSpan deadline)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < deadline)
        {
            if (HasExited)
            {
                throw new InvalidOperationException($"{Name} exited while starting.\n{this}");
            }

            try
            {
                using var response = await client.GetAsync(path);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Busy starting.
            }

            await Task.Delay(Poll.Interval);
        }

        throw new TimeoutException($"{Name} not ready within {deadline}.\n{this}");
    }

    /// <summary>SIGKILL to the process tree (Process.Kill on Unix), then reap it.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }

        _process.WaitForExit();
    }

    /// <summary>
    /// SIGTERM, as a deploy or <c>systemctl stop</c> stops a service, then waits for the process to exit by itself; its exit code.
    /// Still running after <paramref name="deadline"/>: SIGKILL, and a <see cref="TimeoutException"/> with its output.
    /// </summary>
    public int Terminate(TimeSpan deadline)
    {
        var signal = new ProcessStartInfo("kill") { UseShellExecute = false };
        signal.ArgumentList.Add("-TERM");
        signal.ArgumentList.Add(_process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using (var kill = Process.Start(signal)!)
        {
            kill.WaitForExit();
        }

        if (!_process.WaitForExit(deadline))
        {
            Kill();
            throw new TimeoutException($"{Name} did not exit within {deadline} of SIGTERM.\n{this}");
        }

        _process.WaitForExit(); // the output read to its end
        return _process.ExitCode;
    }

    /// <summary>Waits for the process to exit by itself; its exit code. Still running after <paramref name="deadline"/>: SIGKILL, and a <see cref="TimeoutException"/> with its output.</summary>
    public int WaitForExit(TimeSpan deadline)
    {
        if (!_process.WaitForExit(deadline))
        {
            Kill();
            throw new TimeoutException($"{Name} did not exit within {deadline}.\n{this}");
        }

        _process.WaitForExit(); // the output read to its end
        return _process.ExitCode;
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void Collect(string? line, bool error = false)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            Keep(_output, line);
            if (error)
            {
                Keep(_errors, line);
            }
        }

        static void Keep(Queue<string> lines, string line)
        {
            lines.Enqueue(line);
            while (lines.Count > KeptLines)
            {
                lines.Dequeue();
            }
        }
    }

    private static string DotnetExecutable()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath && File.Exists(hostPath))
        {
            return hostPath;
        }

        return Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
    }

    public override string ToString()
    {
        var text = new StringBuilder().Append(Name).Append(" (pid ").Append(_process.Id).Append(") output:\n").Append(Output);
        return text.ToString();
    }
}
