using System.Net;
using LoanJourney.Server.Hosting;
using LoanJourney.Server.Logging;
using LoanJourney.Server.Tests.Privacy;
using LoanJourney.Server.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using static LoanJourney.Server.Tests.Privacy.FailurePathPiiSweepTests;

namespace LoanJourney.Server.Tests.Logging;

/// <summary>
/// Sinks an operator adds in configuration only (<c>Serilog:WriteTo</c>, <c>Serilog:AuditTo</c>) are behind the PII scrubber
/// like the server's own console and JSON file (docs/server.md, "Privacy on failure paths"), and get what the configured
/// levels let through, no more. The sinks are configured the way an operator of a container would, by environment variables
/// (the test host turns its settings into command-line arguments, giving every parent section an empty value, which
/// Serilog.Settings.Configuration reads as a sink's name).
/// </summary>
[Collection(ProcessEnvironment.RunsAlone)]
public sealed class ConfiguredSinksTests : IDisposable
{
    private readonly string _logs = Path.Combine(Path.GetTempPath(), "lj-configured-sinks-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task ASinkAddedUnderWriteTo_GetsLoggedExceptionsScrubbed_AndTheConfiguredLevels()
    {
        var written = Path.Combine(_logs, "configured.log");
        var environment = new Dictionary<string, string>
        {
            ["Serilog__MinimumLevel__Default"] = "Warning",
            ["Serilog__Using__0"] = "Serilog.Sinks.File",
            ["Serilog__WriteTo__0__Name"] = "File",
            ["Serilog__WriteTo__0__Args__path"] = written,
            ["Serilog__WriteTo__0__Args__outputTemplate"] = "{Level:u3} {Message:lj}{NewLine}{Exception}",
            ["Serilog__WriteTo__1__Name"] = "File",
            ["Serilog__WriteTo__1__Args__path"] = Path.Combine(_logs, "configured.json"),
            ["Serilog__WriteTo__1__Args__formatter"] = "Serilog.Formatting.Json.JsonFormatter, Serilog",
        };
        using (ProcessEnvironment.Set(environment))
        using (var server = new ServerFactory(null, configureServices: s => s.AddSingleton<IStartupFilter>(new PiiThrowingRequest())))
        {
            var api = server.CreateApiClient();
            Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/not-a-route-at-information")).StatusCode);
            Assert.Equal(HttpStatusCode.InternalServerError, (await api.GetAsync("/pii-explode")).StatusCode);
        }

        // The server stopped: its loggers are flushed and closed.
        var text = File.ReadAllText(written);
        var json = File.ReadAllText(Path.Combine(_logs, "configured.json"));
        foreach (var (what, content) in new[] { ("text", text), ("JSON", json) })
        {
            foreach (var raw in new[] { Pan, Mobile, Email })
            {
                Assert.False(content.Contains(raw, StringComparison.OrdinalIgnoreCase), $"'{raw}' is in the configured {what} sink:\n{content}");
            }

            foreach (var expected in new[] { "System.InvalidOperationException", "Could not map the borrower record XXXXX5678Z|XXXXXX0000", "z***@example.org", "System.FormatException" })
            {
                Assert.True(content.Contains(expected, StringComparison.Ordinal), $"'{expected}' is not in the configured {what} sink:\n{content}");
            }

            // Serilog:MinimumLevel:Default applies to them as to the server's own sinks: the 404's request line is Information.
            Assert.DoesNotContain("/not-a-route-at-information", content, StringComparison.Ordinal);
        }

        Assert.Contains("at LoanJourney.Server.Tests.Privacy.PiiThrowingRequest", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ASinkAddedUnderAuditTo_GetsLoggedExceptionsScrubbed()
    {
        var written = Path.Combine(_logs, "audit.log");
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Serilog:Console"] = "false",
            ["Serilog:File:Path"] = "",
            ["Serilog:Using:0"] = "Serilog.Sinks.File",
            ["Serilog:AuditTo:0:Name"] = "File",
            ["Serilog:AuditTo:0:Args:path"] = written,
            ["Serilog:AuditTo:0:Args:outputTemplate"] = "{Message:lj}{NewLine}{Exception}",
        });
        builder.AddServerLogging(new ServerPaths(Path.GetTempPath(), null));
        using (var app = builder.Build())
        {
            var logger = app.Services.GetRequiredService<Serilog.ILogger>();
            logger.Error(new InvalidOperationException($"Borrower {Pan} at {Email}."), "Audited failure");
        }

        var text = File.ReadAllText(written);
        Assert.Contains("Audited failure", text, StringComparison.Ordinal);
        Assert.Contains("Borrower XXXXX5678Z at z***@example.org.", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Pan, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Email, text, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_logs, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
