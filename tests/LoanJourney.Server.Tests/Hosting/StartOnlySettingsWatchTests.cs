using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using LoanJourney.Server.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;

namespace LoanJourney.Server.Tests.Hosting;

/// <summary>
/// Walk 47: a partner's inbound secret changed in the configuration file of a running node went unapplied and unsaid (the
/// node kept the old secret until a restart; only principals reload). Warning 2022 names each changed key that only a
/// restart applies, never its value; a principals-only change stays the principals' own line (2019).
/// </summary>
public sealed class StartOnlySettingsWatchTests : IDisposable
{
    private const string OldSecret = "acme-inbound-secret-one";
    private const string NewSecret = "acme-inbound-secret-two";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "lj-startonly-" + Guid.NewGuid().ToString("N"));
    private readonly string _logs;
    private readonly ServerFactory _server;

    public StartOnlySettingsWatchTests()
    {
        Directory.CreateDirectory(_directory);
        _logs = Path.Combine(_directory, "logs");
        Write("Operator", OldSecret);
        var files = new PhysicalFileProvider(_directory) { UsePollingFileWatcher = true, UseActivePolling = true };
        _server = new ServerFactory(new Dictionary<string, string?> { ["Serilog:File:Path"] = Path.Combine(_logs, "server-.json") })
        {
            ConfigureConfiguration = c => c.AddJsonFile(files, "settings.json", optional: false, reloadOnChange: true),
        };
        _ = _server.Services; // the host starts with the first version of the file
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
    public async Task APartnersSecretChangedInTheFile_IsNamedAsNeedingARestart_NeverItsValue_WhileAPrincipalsChangeIsNot()
    {
        var configuration = (IConfigurationRoot)_server.Services.GetRequiredService<IConfiguration>();

        Write("Viewer", OldSecret, "acme-outbound-key-two"); // principals and a partner's outbound key: both apply, nothing to warn about
        configuration.Reload();
        Write("Viewer", NewSecret, "acme-outbound-key-two");
        configuration.Reload();
        configuration.Reload(); // the same change again: said once
        Assert.Equal(HttpStatusCode.OK, (await _server.CreateApiClient().GetAsync(new Uri("/health/live", UriKind.Relative))).StatusCode);

        var logs = await LogFiles.ReadAsync(_logs);
        var line = Assert.Single(logs.Split('\n'), l => l.Contains("\"EventId\":{\"Id\":2022", StringComparison.Ordinal));
        Assert.Contains("\"Keys\":\"Webhook:Partners:acme:Secret\"", line, StringComparison.Ordinal); // that key alone
        Assert.Contains("not applied until this node restarts", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Server:Principals:0", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Lenders:", line, StringComparison.Ordinal); // a lender's or partner's section follows a reload (docs/server.md, "Changing them")
        Assert.DoesNotContain(NewSecret, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(OldSecret, logs, StringComparison.Ordinal);
    }

    private void Write(string role, string secret, string outboundKey = "acme-outbound-key-one")
    {
        var settings = new JsonObject
        {
            ["Server"] = new JsonObject
            {
                ["Principals"] = new JsonArray(new JsonObject
                {
                    ["Name"] = "ops-priya",
                    ["Role"] = role,
                    ["KeySha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("priya-key-walk-47"))),
                }),
            },
            ["Webhook"] = new JsonObject { ["Partners"] = new JsonObject { ["acme"] = new JsonObject { ["Secret"] = secret } } },
            ["Lenders"] = new JsonObject { ["Partners"] = new JsonObject { ["acme"] = new JsonObject { ["Authorization"] = outboundKey } } },
        };
        var path = Path.Combine(_directory, "settings.json");
        File.WriteAllText(path + ".tmp", settings.ToJsonString());
        File.Move(path + ".tmp", path, overwrite: true);
    }
}
