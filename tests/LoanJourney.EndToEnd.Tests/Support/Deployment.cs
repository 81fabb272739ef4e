using System.Text.Json.Nodes;

namespace LoanJourney.EndToEnd.Tests.Support;

/// <summary>
/// The product as a user deploys it, over real HTTP: the lender sandbox and the server as two separate processes started
/// from their built outputs, on free loopback ports, the server on a SQLite file in a temporary data directory.
/// The server runs in <c>Production</c> (so the API key is required, the embedded sandbox is off and nothing from
/// <c>appsettings.Development.json</c> applies) with every lender base URL at the sandbox process, and the sandbox posts
/// its FinBox v1 webhooks to the server's <c>/webhooks/finbox</c> and async handshake results to the callback the server
/// hands out (<c>Journeys:PublicBaseUrl</c>), both signed with shared secrets the server requires.
/// <see cref="StartOneProcessAsync"/> is the other shape: the default run, one process in <c>Development</c> with the
/// embedded sandbox and no lender URL configured at all.
/// </summary>
public sealed class Deployment : IAsyncDisposable
{
    public const string ApiKey = StackEnvironment.ApiKey;
    public const string FinBoxWebhookSecret = StackEnvironment.FinBoxWebhookSecret;
    public const string PartnerCallbackSecret = StackEnvironment.PartnerCallbackSecret;
    private static readonly TimeSpan ReadyDeadline = TimeSpan.FromSeconds(180); // a safety net on a loaded machine: the wait ends at readiness

    private readonly string _dataDirectory;
    private readonly int _sandboxSeed;
    private readonly bool _oneProcess;
    private readonly IReadOnlyDictionary<string, string> _serverSettings;
    private readonly IReadOnlyDictionary<string, string> _sandboxSettings;
    private ChildProcess? _server;
    private ChildProcess? _sandbox;

    private Deployment(string dataDirectory, int sandboxSeed, bool oneProcess = false,
        IReadOnlyDictionary<string, string>? serverSettings = null, IReadOnlyDictionary<string, string>? sandboxSettings = null)
    {
        _serverSettings = serverSettings ?? new Dictionary<string, string>();
        _sandboxSettings = sandboxSettings ?? new Dictionary<string, string>();
        _dataDirectory = dataDirectory;
        _sandboxSeed = sandboxSeed;
        _oneProcess = oneProcess;
        ServerUrl = new Uri($"http://127.0.0.1:{FreePort.Next()}/");
        SandboxUrl = oneProcess ? ServerUrl : new Uri($"http://127.0.0.1:{FreePort.Next()}/");
        Api = new HttpClient { BaseAddress = ServerUrl, Timeout = TimeSpan.FromSeconds(30) };
        Api.DefaultRequestHeaders.Add("X-Api-Key", oneProcess ? StackEnvironment.DevelopmentApiKey : ApiKey);
        Anonymous = new HttpClient { BaseAddress = ServerUrl, Timeout = TimeSpan.FromSeconds(30) };
        Sandbox = new HttpClient { BaseAddress = SandboxUrl, Timeout = TimeSpan.FromSeconds(30) };
        Journeys = new JourneyApi(this);
    }

    public Uri ServerUrl { get; private set; }

    public Uri SandboxUrl { get; private set; }

    /// <summary>The server with the API key.</summary>
    public HttpClient Api { get; }

    /// <summary>The server without credentials (webhooks, health).</summary>
    public HttpClient Anonymous { get; }

    /// <summary>The sandbox process (lender routes and <c>/sandbox/...</c> control routes).</summary>
    public HttpClient Sandbox { get; }

    public JourneyApi Journeys { get; }

    public int ServerStarts { get; private set; }

    /// <summary>Starts both processes; <paramref name="serverSettings"/> and <paramref name="sandboxSettings"/> (environment variables) override the defaults.</summary>
    public static Task<Deployment> StartAsync(string name, int sandboxSeed = 4242,
        IReadOnlyDictionary<string, string>? serverSettings = null, IReadOnlyDictionary<string, string>? sandboxSettings = null) =>
        OnFreePortsAsync(async () =>
        {
            var stack = new Deployment(NewDataDirectory(name), sandboxSeed, serverSettings: serverSettings, sandboxSettings: sandboxSettings);
            try
            {
                await stack.StartSandboxAsync();
                await stack.StartServerAsync();
                return stack;
            }
            catch
            {
                await stack.DisposeAsync();
                throw;
            }
        });

    /// <summary>
    /// The ports are chosen before the processes bind them (the sandbox and the server name each other), so another process on
    /// the machine can take one in between (a suite running beside this one; the same race as the ScaleOut cluster's in CI
    /// session 39): the child then exits with "address already in use". The whole deployment is started again on new ports
    /// and in a new data directory, at most <see cref="PortAttempts"/> times; any other failure is reported at once.
    /// </summary>
    private static async Task<Deployment> OnFreePortsAsync(Func<Task<Deployment>> start)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await start();
            }
            catch (InvalidOperationException e) when (attempt < PortAttempts && e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                // New ports, a new data directory, a new start.
            }
        }
    }

    private const int PortAttempts = 3;

    private static string NewDataDirectory(string name)
    {
        var data = Path.Combine(Path.GetTempPath(), $"loanjourney-e2e-{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(data);
        return data;
    }

    /// <summary>
    /// The default run as a newcomer starts it: one server process in <c>Development</c> (embedded sandbox, key <c>dev-key</c>),
    /// on a free port given only through <c>ASPNETCORE_URLS</c>, with its data folder in a temporary directory and no lender
    /// URL, webhook URL or public base URL configured: everything must follow the address it listens on.
    /// </summary>
    public static Task<Deployment> StartOneProcessAsync(string name) =>
        OnFreePortsAsync(async () =>
        {
            var stack = new Deployment(NewDataDirectory(name), 0, oneProcess: true);
            try
            {
                await stack.StartServerAsync();
                return stack;
            }
            catch
            {
                await stack.DisposeAsync();
                throw;
            }
        });

    public string DataDirectory => _dataDirectory;

    /// <summary>SIGKILL: no shutdown, no flush, no lease release.</summary>
    public void KillServer() => _server?.Kill();

    /// <summary>SIGTERM: the server stops as a deploy stops it; its exit code once it has exited by itself.</summary>
    public int StopServer() => _server!.Terminate(TimeSpan.FromSeconds(60));

    /// <summary>What the server process wrote last (its log lines).</summary>
    public string ServerOutput => _server?.Output ?? "";

    /// <summary>
    /// Starts the server again on the same port and data directory and waits until it is ready; <paramref name="changedSettings"/>
    /// (a deploy that changed its configuration) over the deployment's settings, for this start only.
    /// </summary>
    public Task StartServerAsync(IReadOnlyDictionary<string, string>? changedSettings = null)
    {
        _server?.Dispose();
        ServerStarts++;
        _server = _oneProcess
            ? ChildProcess.Start("server", BuiltOutputs.ServerDll, StackEnvironment.Development(ServerUrl, _dataDirectory))
            : ChildProcess.Start("server", BuiltOutputs.ServerDll, With(With(StackEnvironment.Server(ServerUrl, SandboxUrl, _dataDirectory, "e2e-node"), _serverSettings), changedSettings ?? new Dictionary<string, string>()), "--urls", ServerUrl.ToString().TrimEnd('/'));
        return _server.WaitReadyAsync(Anonymous, "health/ready", ReadyDeadline);
    }

    public string Diagnostics() => _oneProcess ? $"{_server}" : $"{_server}\n\n{_sandbox}";

    public async ValueTask DisposeAsync()
    {
        _server?.Dispose();
        _sandbox?.Dispose();
        Api.Dispose();
        Anonymous.Dispose();
        Sandbox.Dispose();
        await Task.CompletedTask;
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }
    }

    private Task StartSandboxAsync()
    {
        _sandbox = ChildProcess.Start("sandbox", BuiltOutputs.SandboxDll, With(StackEnvironment.Sandbox(new Uri(ServerUrl, "webhooks/finbox"), _sandboxSeed), _sandboxSettings), "--urls", SandboxUrl.ToString().TrimEnd('/'));
        return _sandbox.WaitReadyAsync(Sandbox, "sandbox/scenarios", ReadyDeadline);
    }

    private static Dictionary<string, string> With(Dictionary<string, string> environment, IReadOnlyDictionary<string, string> overrides)
    {
        foreach (var (key, value) in overrides)
        {
            environment[key] = value;
        }

        return environment;
    }

    internal static JsonObject Object(JsonNode? node) => node as JsonObject ?? throw new InvalidOperationException($"Expected a JSON object, got {node?.ToJsonString() ?? "null"}.");
}
