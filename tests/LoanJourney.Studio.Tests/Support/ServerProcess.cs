using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace LoanJourney.Studio.Tests.Support;

/// <summary>
/// The real server, from its build output, as a child process: Development (sandbox mounted under /sandbox), the
/// principals of <see cref="TestPrincipals"/> (<c>dev-key</c> is the Admin <c>dev</c>), a free port, a temp database,
/// fast polls. Stopped by its process id.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    public const string ApiKey = "dev-key";

    // More calls than any test makes within a breaker's sampling window.
    private const string NeverOpens = "1000000";

    private readonly Process _process;
    private readonly string _directory;
    private readonly ConcurrentQueue<string> _output = new();

    private ServerProcess(Process process, string directory, Uri baseAddress)
    {
        _process = process;
        _directory = directory;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>The server's SQLite database file.</summary>
    public string DatabasePath => Path.Combine(_directory, DatabaseFile);

    private const string DatabaseFile = "studio-tests.db";

    /// <param name="readyWithin">How long the server may take to answer <c>/health/ready</c>.</param>
    /// <param name="studioPath">The built Studio it serves (<c>Studio:Path</c>); the server build's copy unless a test redeploys one of its own.</param>
    /// <param name="extraSettings">Settings beside (or over) the defaults, e.g. a test OpenID provider's <c>Server:Oidc</c>.</param>
    public static async Task<ServerProcess> StartAsync(TimeSpan readyWithin, string? studioPath = null, IEnumerable<KeyValuePair<string, string>>? extraSettings = null)
    {
        studioPath ??= RepositoryPaths.StudioBuild;
        if (!File.Exists(RepositoryPaths.ServerAssembly))
        {
            throw new InvalidOperationException($"The server is not built: {RepositoryPaths.ServerAssembly}.");
        }

        if (!File.Exists(Path.Combine(studioPath, "index.html")))
        {
            throw new InvalidOperationException(
                $"The Studio is not built into {studioPath}: build the server without -p:SkipStudioBuild=true.");
        }

        var directory = Path.Combine(Path.GetTempPath(), "lj-studio-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var port = FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Urls"] = baseUrl,
            ["Engine:DatabasePath"] = Path.Combine(directory, DatabaseFile),
            ["Engine:Synchronous"] = "NORMAL",
            ["Engine:PollInterval"] = "00:00:00.200",
            ["Engine:MinPollInterval"] = "00:00:00.020",
            ["Engine:MaxPollInterval"] = "00:00:00.200",
            ["Server:DataProtectionKeysPath"] = Path.Combine(directory, "keys"),
            ["Server:Events:PollInterval"] = "00:00:00.100",
            ["Serilog:File:Path"] = "",
            ["Serilog:MinimumLevel:Default"] = "Warning",
            ["Studio:Path"] = studioPath,
            ["Journeys:PublicBaseUrl"] = baseUrl,
            ["Lenders:FinBoxPrism:BaseUrl"] = baseUrl + "/sandbox",
            ["Lenders:FinBoxSourcing:BaseUrl"] = baseUrl + "/sandbox",
            ["Lenders:CapitalFloat:BaseUrl"] = baseUrl + "/sandbox",
            ["Lenders:Partner:BaseUrl"] = baseUrl + "/sandbox",

            // The partner principal's own partner API (docs/server.md, "Partner scope"): the sandbox plays it too.
            [$"Lenders:Partners:{TestPrincipals.Partner}:BaseUrl"] = baseUrl + "/sandbox",
            [$"Lenders:Partners:{TestPrincipals.Partner}:Authorization"] = "studio-test-partner",
            // One server serves the whole Studio collection, and a lender's circuit breaker is per process: the faults some tests
            // inject (answers lost after commit, on several journeys at once) could open Capital Float's breaker for the next
            // test, whose OTP then answers "enter it again" (CIRCUIT_OPEN) and whose journey never goes on (CI s48a, LongJournalTests).
            // The breaker is tested in the Lenders and Engine suites; here it never opens.
            ["Lenders:FinBoxPrism:BreakerMinimumThroughput"] = NeverOpens,
            ["Lenders:FinBoxSourcing:BreakerMinimumThroughput"] = NeverOpens,
            ["Lenders:CapitalFloat:BreakerMinimumThroughput"] = NeverOpens,
            ["Lenders:Partner:BreakerMinimumThroughput"] = NeverOpens,
            ["Sandbox:WebhookUrl"] = baseUrl + "/webhooks/finbox",
            ["Sandbox:WebhookStepDelay"] = "00:00:00.200",
            ["Sandbox:ProcessingPolls"] = "1",
        };
        foreach (var (key, value) in TestPrincipals.Settings().Concat(extraSettings ?? []))
        {
            settings[key] = value;
        }

        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(RepositoryPaths.ServerAssembly)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(RepositoryPaths.ServerAssembly);
        foreach (var (key, value) in settings)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_TieredPGO"] = "0"; // as tests/Shared/ChildProcess.cs: a test's server never reaches PGO's steady state
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var server = new ServerProcess(process, directory, new Uri(baseUrl + "/"));
        process.OutputDataReceived += (_, e) => server.Record(e.Data);
        process.ErrorDataReceived += (_, e) => server.Record(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitReadyAsync(readyWithin);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>The server's output lines (the last 400), for tests of what it logs.</summary>
    public IReadOnlyList<string> Output => [.. _output];

    /// <summary>The server's last output lines, for a failure message.</summary>
    public string OutputTail => string.Join(Environment.NewLine, _output.TakeLast(40));

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 400 && _output.TryDequeue(out _))
        {
        }
    }

    private async Task WaitReadyAsync(TimeSpan within)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < within)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with {_process.ExitCode}:{Environment.NewLine}{OutputTail}");
            }

            try
            {
                using var ready = await http.GetAsync(new Uri("health/ready", UriKind.Relative));
                if (ready.StatusCode == HttpStatusCode.OK)
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
                // One probe outlived its 5 s (a loaded machine while the server starts): probe again until the deadline.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The server was not ready within {within}:{Environment.NewLine}{OutputTail}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(exit.Token);
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still being released; it is a temp folder.
        }
    }
}
