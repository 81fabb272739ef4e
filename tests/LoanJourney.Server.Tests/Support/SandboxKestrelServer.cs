using Microsoft.Extensions.DependencyInjection;

namespace LoanJourney.Server.Tests.Support;

/// <summary>
/// The test server with the embedded lender sandbox on, over real HTTP on a free loopback port. Its own lender settings point at a
/// host that does not exist: a draft test run must reach the sandbox whatever they say. Its log goes to a JSON file the tests read.
/// </summary>
public sealed class SandboxKestrelServer : IDisposable
{
    private readonly string _logs = Path.Combine(Path.GetTempPath(), "lj-sandbox-logs-" + Guid.NewGuid().ToString("N"));
    private readonly ServerFactory _factory;

    public SandboxKestrelServer()
        : this(null)
    {
    }

    /// <param name="configureServices">Service overrides applied after the server's own (e.g. an in-memory span exporter).</param>
    /// <param name="settings">Settings over this server's own (e.g. a shorter <c>Design:TestRunTimeLimit</c>).</param>
    internal SandboxKestrelServer(Action<IServiceCollection>? configureServices, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var configuration = new Dictionary<string, string?>
        {
            ["Sandbox:Enabled"] = "true",
            ["Sandbox:ProcessingPolls"] = "1",
            ["Sandbox:WebhookPath"] = "/webhooks/finbox", // FinBox v1 webhooks to this server, as in Development
            ["Lenders:FinBoxPrism:BaseUrl"] = "https://real-lender.invalid/",
            ["Lenders:FinBoxSourcing:BaseUrl"] = "https://real-lender.invalid/",
            ["Lenders:CapitalFloat:BaseUrl"] = "https://real-lender.invalid/",
            ["Lenders:Partner:BaseUrl"] = "https://real-lender.invalid/",
            ["Server:MaxBodyBytes"] = "65536",
            ["Serilog:File:Path"] = Path.Combine(_logs, "server-.json"),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        _factory = new ServerFactory(configuration, configureServices: configureServices);
        _factory.UseKestrelOnLoopback();
        _factory.StartServer();
    }

    /// <summary>The server's services (e.g. its <c>DraftTestRunner</c>, to call without HTTP).</summary>
    internal IServiceProvider Services => _factory.Services;

    /// <summary>The server's data directory (its database is <c>server.db</c>).</summary>
    public string DataDirectory => _factory.DataDirectory;

    public HttpClient CreateApiClient()
    {
        var client = _factory.CreateApiClient();
        client.Timeout = TimeSpan.FromMinutes(5);
        return client;
    }

    /// <summary>A client sending <paramref name="apiKey"/> (e.g. a partner-scoped principal's key).</summary>
    public HttpClient CreateClient(string apiKey)
    {
        var client = _factory.CreateClient(apiKey);
        client.Timeout = TimeSpan.FromMinutes(5);
        return client;
    }

    /// <summary>Everything the server has logged so far (the file sink is shared, so it can be read while the server runs).</summary>
    public Task<string> ReadLogsAsync() => LogFiles.ReadAsync(_logs);

    public void Dispose()
    {
        _factory.Dispose();
        try
        {
            Directory.Delete(_logs, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
