using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;

namespace LoanJourney.EndToEnd.Tests.Support;

/// <summary>
/// The product as a user deploys it, over real HTTP: the lender sandbox and the server as two separate processes started
/// from their built outputs, on free loopback ports, the server on a SQLite file in a temporary data directory.
/// The server runs in <c>Production</c> (so the API key is required, the embedded sandbox is off and nothing from
/// <c>appsettings.Development.json</c> applies) with every lender base URL at the sandbox process, and the sandbox posts
/// its FinBox v1 webhooks to the server's <c>/webhooks/finbox</c> and async handshake results to the callback the server
/// hands out (<c>Journeys:PublicBaseUrl</c>), both signed with shared secrets the server requires.
/// </summary>
public sealed class Deployment : IAsyncDisposable
{
    public const string ApiKey = "e2e-api-key";
    public const string FinBoxWebhookSecret = "e2e-finbox-webhook-secret";
    public const string PartnerCallbackSecret = "e2e-partner-callback-secret";
    private static readonly TimeSpan ReadyDeadline = TimeSpan.FromSeconds(60);

    private readonly string _dataDirectory;
    private readonly int _sandboxSeed;
    private ChildProcess? _server;
    private ChildProcess? _sandbox;

    private Deployment(string dataDirectory, int sandboxSeed)
    {
        _dataDirectory = dataDirectory;
        _sandboxSeed = sandboxSeed;
        ServerUrl = new Uri($"http://127.0.0.1:{FreePort.Next()}/");
        SandboxUrl = new Uri($"http://127.0.0.1:{FreePort.Next()}/");
        Api = new HttpClient { BaseAddress = ServerUrl, Timeout = TimeSpan.FromSeconds(30) };
        Api.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
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

    public static async Task<Deployment> StartAsync(string name, int sandboxSeed = 4242)
    {
        var data = Path.Combine(Path.GetTempPath(), $"loanjourney-e2e-{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(data);
        var stack = new Deployment(data, sandboxSeed);
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
    }

    /// <summary>SIGKILL: no shutdown, no flush, no lease release.</summary>
    public void KillServer() => _server?.Kill();

    /// <summary>Starts the server again on the same port and data directory and waits until it is ready.</summary>
    public Task StartServerAsync()
    {
        _server?.Dispose();
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["Server__ApiKeys__0"] = ApiKey,
            ["Server__DataProtectionKeysPath"] = Path.Combine(_dataDirectory, "keys"),
            ["Engine__DatabasePath"] = Path.Combine(_dataDirectory, "loanjourney.db"),
            ["Engine__DefinitionsDirectory"] = BuiltOutputs.Workflows,
            ["Engine__PollInterval"] = "00:00:00.050",
            ["Engine__MinPollInterval"] = "00:00:00.050",
            ["Engine__MaxPollInterval"] = "00:00:00.500",
            ["Engine__NodeId"] = "e2e-node",
            ["Journeys__PublicBaseUrl"] = ServerUrl.ToString().TrimEnd('/'),
            ["Sandbox__Enabled"] = "false",
            ["Webhook__FinBox__Secret"] = FinBoxWebhookSecret,
            ["Webhook__FinBox__RequireSignature"] = "true",
            ["Webhook__Partner__Secret"] = PartnerCallbackSecret,
            ["Webhook__Partner__RequireSignature"] = "true",
            ["Serilog__MinimumLevel__Default"] = "Warning",
            ["Serilog__File__Path"] = "",
        };
        foreach (var (lender, credential) in new[] { ("FinBoxPrism", "ApiKey"), ("FinBoxSourcing", "ApiKey"), ("CapitalFloat", "Authorization"), ("Partner", "Authorization") })
        {
            environment[$"Lenders__{lender}__BaseUrl"] = SandboxUrl.ToString().TrimEnd('/');
            environment[$"Lenders__{lender}__{credential}"] = "e2e-placeholder";

            // Fast automatic retries and a short circuit break: the fault tests inject 20% errors into every lender route.
            environment[$"Lenders__{lender}__RetryBaseDelay"] = "00:00:00.050";
            environment[$"Lenders__{lender}__RetryMaxDelay"] = "00:00:00.500";
            environment[$"Lenders__{lender}__BreakerBreakDuration"] = "00:00:01";
        }

        ServerStarts++;
        _server = ChildProcess.Start("server", BuiltOutputs.ServerDll, environment, "--urls", ServerUrl.ToString().TrimEnd('/'));
        return WaitReadyAsync(_server, Anonymous, "health/ready");
    }

    public string Diagnostics() => $"{_server}\n\n{_sandbox}";

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
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["Sandbox__WebhookUrl"] = new Uri(ServerUrl, "webhooks/finbox").ToString(),
            ["Sandbox__WebhookSecret"] = FinBoxWebhookSecret,
            ["Sandbox__PartnerCallbackSecret"] = PartnerCallbackSecret,
            ["Sandbox__WebhookAutoAdvance"] = "false",
            ["Sandbox__WebhookRetryBaseDelay"] = "00:00:00.200",
            ["Sandbox__ProcessingPolls"] = "1",
            ["Sandbox__KycActionPendingPolls"] = "3",
            ["Sandbox__PartnerCallbackDelay"] = "00:00:00.100",
            ["Sandbox__RandomSeed"] = _sandboxSeed.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Logging__LogLevel__Default"] = "Warning",
        };
        _sandbox = ChildProcess.Start("sandbox", BuiltOutputs.SandboxDll, environment, "--urls", SandboxUrl.ToString().TrimEnd('/'));
        return WaitReadyAsync(_sandbox, Sandbox, "sandbox/scenarios");
    }

    private static async Task WaitReadyAsync(ChildProcess process, HttpClient client, string path)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < ReadyDeadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{process.Name} exited while starting.\n{process}");
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

            await Task.Delay(Poll.Interval);
        }

        throw new TimeoutException($"{process.Name} not ready within {ReadyDeadline}.\n{process}");
    }

    internal static JsonObject Object(JsonNode? node) => node as JsonObject ?? throw new InvalidOperationException($"Expected a JSON object, got {node?.ToJsonString() ?? "null"}.");
}
