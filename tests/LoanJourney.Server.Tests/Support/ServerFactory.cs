using LoanJourney.Server;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LoanJourney.Server.Tests.Support;

/// <summary>The server on a temp SQLite file with the test definitions, in the Testing environment (no sandbox).</summary>
public sealed class ServerFactory : WebApplicationFactory<ServerEntryPoint>
{
    public const string ApiKey = "test-key";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "lj-server-" + Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, string?> _settings;
    private readonly string _environment;
    private readonly Action<IServiceCollection>? _configureServices;

    public ServerFactory()
        : this(null)
    {
    }

    internal ServerFactory(IDictionary<string, string?>? settings, string environment = "Testing", bool withKey = true, Action<IServiceCollection>? configureServices = null)
    {
        _environment = environment;
        _configureServices = configureServices;
        Directory.CreateDirectory(_directory);
        _settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Engine:DatabasePath"] = Path.Combine(_directory, "server.db"),
            ["Engine:DefinitionsDirectory"] = Path.Combine(AppContext.BaseDirectory, "Workflows"),
            ["Engine:Synchronous"] = "NORMAL",
            ["Engine:NodeId"] = "test-" + Guid.NewGuid().ToString("N"),
            ["Engine:MinPollInterval"] = "00:00:00.020",
            ["Engine:MaxPollInterval"] = "00:00:00.100",
            ["Server:DataProtectionKeysPath"] = Path.Combine(_directory, "keys"),
            ["Server:Events:PollInterval"] = "00:00:00.100",
            ["Server:MaxBodyBytes"] = "4096",
            ["Server:MaxStartBodyBytes"] = "8192",
            ["Serilog:Console"] = "false",
            ["Serilog:File:Path"] = "",
            ["Sandbox:Enabled"] = "false",
            ["Studio:Path"] = Path.Combine(_directory, "studio"),

            // Outside Development an unverified webhook source must be allowed explicitly; tests of verification set secrets.
            ["Webhook:FinBox:AllowUnverified"] = "true",
            ["Webhook:Partner:AllowUnverified"] = "true",
        };
        if (withKey)
        {
            _settings["Server:ApiKeys:0"] = ApiKey;
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        // Outside Development the address partners post handshake results to must be set, unless the embedded sandbox is on
        // (then it follows the listening address, as the sandbox tests need).
        if (_settings["Sandbox:Enabled"] != "true" && !_settings.ContainsKey("Journeys:PublicBaseUrl"))
        {
            _settings["Journeys:PublicBaseUrl"] = "http://127.0.0.1:5080";
        }
    }

    public string DataDirectory => _directory;

    /// <summary>Configuration sources added after the server's own (e.g. a JSON file a test rewrites while the server runs).</summary>
    internal Action<IConfigurationBuilder>? ConfigureConfiguration { get; init; }

    /// <summary>Service overrides applied after the server's own (e.g. the bearer token validation of the OIDC tests).</summary>
    internal Action<IServiceCollection>? ConfigureServices { get; init; }

    public HttpClient CreateClient(string apiKey)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return client;
    }

    public HttpClient CreateApiClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (ConfigureConfiguration is { } configureConfiguration)
        {
            builder.ConfigureAppConfiguration((_, configuration) => configureConfiguration(configuration));
        }

        if (_configureServices is { } configure)
        {
            builder.ConfigureServices(configure);
        }

        if (ConfigureServices is { } configureTest)
        {
            builder.ConfigureTestServices(configureTest);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
