using LoanJourney.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace LoanJourney.Server.Tests.Support;

/// <summary>
/// The server on Kestrel (a free loopback port) with the sandbox mounted at <c>/sandbox</c> and every lender pointed at it,
/// so journeys make real HTTP lender calls; the definitions are <c>TelemetryWorkflows/</c> unless <c>settings</c> say otherwise
/// (which win over every setting here).
/// </summary>
public sealed class LenderServerFactory : IDisposable
{
    private readonly ServerFactory _factory;

    /// <param name="services">Service overrides.</param>
    /// <param name="settings">Settings over this server's own.</param>
    /// <param name="configuration">Configuration sources after the server's own, which win over <paramref name="settings"/> (a watched file a test rewrites).</param>
    public LenderServerFactory(Action<IServiceCollection>? services = null, IReadOnlyDictionary<string, string?>? settings = null,
        Action<Microsoft.Extensions.Configuration.IConfigurationBuilder>? configuration = null)
    {
        var port = FreePort.Next();
        var sandbox = $"http://127.0.0.1:{port}/sandbox";
        var all = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Engine:DefinitionsDirectory"] = Path.Combine(AppContext.BaseDirectory, "TelemetryWorkflows"),
            ["Sandbox:Enabled"] = "true",
            ["Sandbox:WebhookUrl"] = $"http://127.0.0.1:{port}/webhooks/finbox",
            ["Journeys:PublicBaseUrl"] = $"http://127.0.0.1:{port}",
        };
        foreach (var lender in new[] { "FinBoxPrism", "FinBoxSourcing", "CapitalFloat", "Partner" })
        {
            all[$"Lenders:{lender}:BaseUrl"] = sandbox;
            all[$"Lenders:{lender}:ApiKey"] = "sandbox-key";
            all[$"Lenders:{lender}:Authorization"] = "sandbox-token";
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        _factory = new ServerFactory(all, configureServices: services) { ConfigureConfiguration = configuration };
        _factory.UseKestrelOnLoopback(port);
        _factory.StartServer();
    }

    public HttpClient CreateApiClient() => _factory.CreateApiClient();

    public HttpClient CreateClient() => _factory.CreateClient();

    /// <summary>A client sending <paramref name="apiKey"/> (a principal's key, <see cref="TestPrincipals"/>).</summary>
    public HttpClient CreateClient(string apiKey) => _factory.CreateClient(apiKey);

    public IServiceProvider Services => _factory.Services;

    /// <summary>The server's data folder (its SQLite database is <c>server.db</c> there).</summary>
    public string DataDirectory => _factory.DataDirectory;

    public void Dispose() => _factory.Dispose();
}
