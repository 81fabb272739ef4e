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

    private static Serilog.ILogger Logger(Dictionary<string, string?> settings, WebApplicationBuilder? builder = null)
    {
        builder ??= WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(settings)
        {
            ["Serilog:MinimumLevel:Default"] = "Information",
            ["Serilog:Console"] = "false",
            ["Serilog:File:Path"] = "",
        });
        builder.AddServerLogging(new ServerPaths(Path.GetTempPath(), null));
        var app = builder.Build();
        return app.Services.GetRequiredService<Serilog.ILogger>();
    }
}
