using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace LoanJourney.Bench;

/// <summary>A built Release output (server or sandbox) started as its own process on a free loopback port.</summary>
internal sealed class BenchProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private BenchProcess(Process process, StreamWriter log, Uri baseAddress)
    {
        _process = process;
        _log = log;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int Pid => _process.Id;

    /// <summary>The environment the processes run in (their <c>appsettings.{EnvironmentName}.json</c>).</summary>
    private const string EnvironmentName = "Production";

    /// <summary>The repository root (the folder holding LoanJourney.sln).</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts <c>dotnet src/{project}/bin/Release/net10.0/{project}.dll</c> and waits until <paramref name="readyPath"/> answers 2xx.</summary>
    public static async Task<BenchProcess> StartAsync(string project, string readyPath, string logPath, IReadOnlyDictionary<string, string> environment)
    {
        // LJ_BENCH_BUILD_ROOT: run the processes of another checkout (e.g. the commit before a change) for a before/after, whole:
        // its output and, from its root as the working directory, its settings, definitions and Studio (BuildUnderTest).
        var build = BuildUnderTest.FromEnvironment(RepositoryRoot);
        var info = build.StartInfo(project, EnvironmentName);
        var dll = build.Dll(project);

        var port = FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}/");
        info.Environment["ASPNETCORE_URLS"] = baseAddress.AbsoluteUri.TrimEnd('/');
        info.Environment["Urls"] = baseAddress.AbsoluteUri.TrimEnd('/');
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {dll}");
        var log = new StreamWriter(logPath) { AutoFlush = false };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var started = new BenchProcess(process, log, baseAddress);
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited)
            {
                break;
            }

            try
            {
                using var response = await http.GetAsync(new Uri(readyPath, UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return started;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        await started.DisposeAsync();
        throw new InvalidOperationException($"{project} did not become ready; see {logPath}");
    }

    /// <summary>CPU time (user + system) the process has used so far, from /proc/{pid}/stat (clock ticks of 10 ms).</summary>
    public TimeSpan CpuTime()
    {
        var stat = File.ReadAllText($"/proc/{_process.Id.ToString(CultureInfo.InvariantCulture)}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromMilliseconds(ticks * 10);
    }

    /// <summary>VmRSS of the process, in MB.</summary>
    public double RssMb() => Rss.OfProcessMb(_process.Id);

    /// <summary>VmHWM of the process (its highest VmRSS so far), in MB.</summary>
    public double PeakRssMb() => Rss.PeakOfProcessMb(_process.Id);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LoanJourney.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("LoanJourney.sln not found above the benchmark's output.");
    }
}
