using System.Text.Json.Nodes;
using LoanJourney.Server.Hosting;
using LoanJourney.Server.Logging;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;

namespace LoanJourney.Server.Tests.Logging;

public sealed class LoggingSetupTests
{
    [Fact]
    public void PollysOwnLog_IsWarningAndAbove_ByDefault_TheRestStaysAtInformation()
    {
        var logger = Logger(new Dictionary<string, string?>());

        Assert.False(logger.ForContext(Constants.SourceContextPropertyName, "Polly").IsEnabled(LogEventLevel.Information));
        Assert.True(logger.ForContext(Constants.SourceContextPropertyName, "Polly").IsEnabled(LogEventLevel.Warning));
        Assert.True(logger.ForContext(Constants.SourceContextPropertyName, "LoanJourney.Lenders.FinBoxPrism").IsEnabled(LogEventLevel.Information));
    }

    [Fact]
    public void PollysOwnLog_FollowsConfiguration_WhenItNamesPolly()
    {
        var logger = Logger(new Dictionary<string, string?> { ["Serilog:MinimumLevel:Override:Polly"] = "Information" });

        Assert.True(logger.ForContext(Constants.SourceContextPropertyName, "Polly").IsEnabled(LogEventLevel.Information));
    }

    [Fact]
    public void TheConfiguredLevel_ChangesWithTheConfiguration_WhileTheServerRuns()
    {
        var builder = WebApplication.CreateBuilder();
        var logger = Logger(new Dictionary<string, string?>(), builder);
        Assert.False(logger.IsEnabled(LogEventLevel.Debug));

        // What a reloaded appsettings.json does: new values, then the reload token fires.
        builder.Configuration["Serilog:MinimumLevel:Default"] = "Debug";
        ((IConfigurationRoot)builder.Configuration).Reload();

        Assert.True(logger.IsEnabled(LogEventLevel.Debug));
    }

    // Walk of session 38: two nodes started from one checkout write one JSON log file (docs/scale-out.md), and its lines
    // did not say which node wrote them; neither does an aggregated log of several machines' files.
    [Fact]
    public void EveryEventInTheFile_NamesItsNode_WhenEngineNodeIdIsSet()
    {
        var directory = Path.Combine(Path.GetTempPath(), "lj-node-log-" + Guid.NewGuid().ToString("N"));
        try
        {
            var logger = Logger(new Dictionary<string, string?> { ["Engine:NodeId"] = "node-7", ["Serilog:File:Path"] = Path.Combine(directory, "server-.json") });
            logger.Information("Something happened on {Thing}", "a journey");

            using var file = new FileStream(Directory.GetFiles(directory).Single(), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(file);
            var line = reader.ReadToEnd().Split('\n').Single(l => l.Contains("Something happened", StringComparison.Ordinal));
            Assert.Equal("node-7", JsonNode.Parse(line)!["Properties"]!["NodeId"]!.GetValue<string>());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    // Walk 46: a node started without Engine:NodeId (the README's single server) logged no node at all, while its dispatcher
    // leased as machine:pid and OTLP named it by a random service.instance.id; its events now carry the id it leases with.
    [Fact]
    public void EveryEventInTheFile_NamesItsNode_TheEnginesDefault_WhenEngineNodeIdIsNotSet()
    {
        var directory = Path.Combine(Path.GetTempPath(), "lj-node-log-" + Guid.NewGuid().ToString("N"));
        try
        {
            var logger = Logger(new Dictionary<string, string?> { ["Serilog:File:Path"] = Path.Combine(directory, "server-.json") });
            logger.Information("Something happened on {Thing}", "a journey");

            using var file = new FileStream(Directory.GetFiles(directory).Single(), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(file);
            var line = reader.ReadToEnd().Split('\n').Single(l => l.Contains("Something happened", StringComparison.Ordinal));
            Assert.Equal($"{Environment.MachineName}:{Environment.ProcessId}", JsonNode.Parse(line)!["Properties"]?["NodeId"]?.GetValue<string>());
            Assert.Equal(new LoanJourney.Engine.Runtime.EngineOptions().NodeId, JsonNode.Parse(line)!["Properties"]!["NodeId"]!.GetValue<string>());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static Serilog.ILogger Logger(Dictionary<string, string?> settings, WebApplicationBuilder? builder = null)
    {
        builder ??= WebApplication.CreateBuilder();
        var all = new Dictionary<string, string?>
        {
            ["Serilog:MinimumLevel:Default"] = "Information",
            ["Serilog:Console"] = "false",
            ["Serilog:File:Path"] = "",
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(all);
        builder.AddServerLogging(new ServerPaths(Path.GetTempPath(), null));
        var app = builder.Build();
        return app.Services.GetRequiredService<Serilog.ILogger>();
    }
}
