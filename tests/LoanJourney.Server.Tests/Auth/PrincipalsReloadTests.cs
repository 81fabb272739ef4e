using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using LoanJourney.Server.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;

namespace LoanJourney.Server.Tests.Auth;

/// <summary>
/// Principals follow the configuration file while the server runs (docs/server.md, "Principals and keys"): a leaked key is
/// revoked, a key rotated and a role changed without a restart, for keys and for sessions signed in with them; a file that
/// does not read keeps the principals in force. The file is polled as the server polls the repository's appsettings.
/// </summary>
public sealed class PrincipalsReloadTests : IDisposable
{
    private static readonly (string Name, string Role, string Key) Ada = TestPrincipals.All.Single(p => p.Role == "Admin");
    private static readonly (string Name, string Role, string Key) Oscar = TestPrincipals.All.Single(p => p.Role == "Operator");

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "lj-principals-" + Guid.NewGuid().ToString("N"));
    private readonly string _logs;
    private readonly ServerFactory _server;

    public PrincipalsReloadTests()
    {
        Directory.CreateDirectory(_directory);
        _logs = Path.Combine(_directory, "logs");
        Write(TestPrincipals.All);
        var files = new PhysicalFileProvider(_directory) { UsePollingFileWatcher = true, UseActivePolling = true };
        // The legacy test key (an Admin, api-key-1) stays set beside the file, as an environment variable would.
        _server = new ServerFactory(new Dictionary<string, string?> { ["Serilog:File:Path"] = Path.Combine(_logs, "server-.json") })
        {
            ConfigureConfiguration = c => c.AddJsonFile(files, "principals.json", optional: false, reloadOnChange: true),
        };
        _server.UseKestrelOnLoopback();
        _server.StartServer();
    }

    public void Dispose()
    {
        _server.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task ALeakedKeyRevoked_AKeyRotated_AndARoleChanged_ApplyToTheRunningServer_ToKeysAndSessions()
    {
        var adaSession = await SignInAsync(Ada.Key);
        Assert.Equal(HttpStatusCode.OK, (await Get(Oscar.Key, "/api/instances")).StatusCode);

        // Ada's key leaked: rotated; Oscar is made a Viewer. Nobody restarts anything.
        const string Rotated = "admin-key-rotated-after-a-leak-42";
        Write(TestPrincipals.All.Select(p => p == Ada ? p with { Key = Rotated } : p == Oscar ? p with { Role = "Viewer" } : p));
        await WaitUntilAsync(async () => (await Get(Ada.Key, "/api/instances")).StatusCode == HttpStatusCode.Unauthorized);

        Assert.Equal(HttpStatusCode.OK, (await Get(Rotated, "/api/instances")).StatusCode);
        var session = await WithCookie(adaSession).PostAsync("/api/borrowers/CUST-LEAK/erasure", Api.Json(new { reason = "with a leaked key's session" }));
        Assert.Contains("key changed", (await session.AssertProblemAsync(HttpStatusCode.Unauthorized))["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        var downgraded = await Post(Oscar.Key, "/api/instances/bulk/cancel", new { ids = new[] { "no-such-id" } });
        Assert.Equal("Viewer", (await downgraded.AssertProblemAsync(HttpStatusCode.Forbidden))["role"]!.GetValue<string>());
        var reloaded = (await ReadLogsAsync()).Split('\n').Where(l => l.Contains("\"EventId\":{\"Id\":2019", StringComparison.Ordinal)).ToList();
        Assert.Contains(reloaded, l => l.Contains("oscar-operator role Viewer (was Operator); ada-admin key changed", StringComparison.Ordinal));
        Assert.DoesNotContain(Rotated, string.Join('\n', reloaded), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFileThatDoesNotRead_KeepsThePrincipalsInForce_AndSaysWhy()
    {
        var configuration = (IConfigurationRoot)_server.Services.GetRequiredService<IConfiguration>();

        // A typo (a role that does not exist) must neither lock the operators out nor let anyone in.
        Write(TestPrincipals.All.Select(p => p == Oscar ? p with { Role = "Superuser" } : p));
        configuration.Reload();
        Assert.Equal(HttpStatusCode.OK, (await Get(Oscar.Key, "/api/instances")).StatusCode);
        Assert.NotEqual(HttpStatusCode.Forbidden, (await Post(Oscar.Key, "/api/instances/bulk/cancel", new { ids = new[] { "no-such-id" } })).StatusCode);

        // Every principal of the file removed: they are gone; the key set beside the file is not.
        Write([]);
        configuration.Reload();
        Assert.Equal(HttpStatusCode.Unauthorized, (await Get(Ada.Key, "/api/instances")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Get(ServerFactory.ApiKey, "/api/instances")).StatusCode);

        var logs = await ReadLogsAsync();
        var refusal = Assert.Single(logs.Split('\n'), l => l.Contains("\"EventId\":{\"Id\":2020", StringComparison.Ordinal));
        Assert.Contains("Server:Principals:1 is invalid", refusal, StringComparison.Ordinal);
        Assert.DoesNotContain(Oscar.Key, logs, StringComparison.Ordinal);
    }

    [Fact]
    public void NoPrincipalLeftOutsideDevelopment_IsRefused_AsAtStart_WhileDevelopmentFallsBackToTheDevelopmentKey()
    {
        var empty = new ConfigurationBuilder().AddInMemoryCollection().Build();
        var production = LoanJourney.Server.Auth.AuthSetup.PrincipalsReader(new LoanJourney.Server.Auth.OidcOptions(), new Environment("Production"));
        Assert.Contains("No principal is configured", Assert.Throws<InvalidOperationException>(() => production(empty)).Message, StringComparison.Ordinal);
        var development = LoanJourney.Server.Auth.AuthSetup.PrincipalsReader(new LoanJourney.Server.Auth.OidcOptions(), new Environment("Development"));
        Assert.Equal("dev", Assert.Single(development(empty)).Name);
    }

    private sealed class Environment(string name) : Microsoft.Extensions.Hosting.IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;

        public string ApplicationName { get; set; } = "LoanJourney.Server";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }

    // The file as an operator writes it: only hashes of keys.
    private void Write(IEnumerable<(string Name, string Role, string Key)> principals)
    {
        var entries = new JsonArray(principals.Select(p => (JsonNode)new JsonObject
        {
            ["Name"] = p.Name,
            ["Role"] = p.Role,
            ["KeySha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(p.Key))),
        }).ToArray());
        var path = Path.Combine(_directory, "principals.json");
        File.WriteAllText(path + ".tmp", new JsonObject { ["Server"] = new JsonObject { ["Principals"] = entries } }.ToJsonString());
        File.Move(path + ".tmp", path, overwrite: true);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        // The file is polled every 4 s: wait for the server to have read it, not for a fixed time.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!await condition())
        {
            await Task.Delay(100, timeout.Token);
        }
    }

    private Task<HttpResponseMessage> Get(string key, string path)
    {
        var client = _server.CreateClient(key);
        return client.GetAsync(path);
    }

    private Task<HttpResponseMessage> Post(string key, string path, object body) => _server.CreateClient(key).PostAsync(path, Api.Json(body));

    private async Task<string> SignInAsync(string key)
    {
        using var signIn = new HttpRequestMessage(HttpMethod.Post, "/api/session");
        signIn.Headers.Add("X-Api-Key", key);
        var response = await _server.CreateClient().SendAsync(signIn);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Assert.Single(response.Headers.GetValues("Set-Cookie")).Split(';')[0];
    }

    private HttpClient WithCookie(string cookie)
    {
        var client = _server.CreateClient();
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }

    private Task<string> ReadLogsAsync() => LogFiles.ReadAsync(_logs);
}
