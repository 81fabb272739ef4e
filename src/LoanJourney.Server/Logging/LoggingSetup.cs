using System.Globalization;
using LoanJourney.Server.Hosting;
using Serilog;
using Serilog.Formatting.Json;

namespace LoanJourney.Server.Logging;

internal static class LoggingSetup
{
    /// <summary>
    /// Serilog configured from the <c>Serilog</c> section (levels, overrides, extra sinks), plus the console
    /// (<c>Serilog:Console</c>, default on) and a daily rolling JSON file (<c>Serilog:File:Path</c>, default
    /// <c>data/logs/loanjourney-.json</c>; empty turns it off).
    /// </summary>
    public static WebApplicationBuilder AddServerLogging(this WebApplicationBuilder builder, ServerPaths paths)
    {
        var configuration = builder.Configuration;
        var serilog = new LoggerConfiguration().ReadFrom.Configuration(configuration).Enrich.FromLogContext();
        if (configuration.GetValue("Serilog:Console", true))
        {
            serilog.WriteTo.Console(formatProvider: CultureInfo.InvariantCulture);
        }

        var file = configuration["Serilog:File:Path"] ?? Path.Combine("data", "logs", "loanjourney-.json");
        if (!string.IsNullOrWhiteSpace(file))
        {
            serilog.WriteTo.File(new JsonFormatter(renderMessage: true), paths.Resolve(file), rollingInterval: RollingInterval.Day,
                retainedFileCountLimit: configuration.GetValue("Serilog:File:RetainedFiles", 14), fileSizeLimitBytes: 100L * 1024 * 1024,
                rollOnFileSizeLimit: true, shared: true);
        }

        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(serilog.CreateLogger(), dispose: true);
        return builder;
    }

    /// <summary>One log line per request: method, masked path, query parameter names (never values), status, elapsed.</summary>
    public static IApplicationBuilder UseRequestLogging(this IApplicationBuilder app) => app.UseMiddleware<RequestLoggingMiddleware>();
}
