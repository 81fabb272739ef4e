using System.Globalization;
using LoanJourney.Engine.Storage;
using LoanJourney.Server.Audit;
using LoanJourney.Server.Hosting;
using LoanJourney.Server.Http;
using LoanJourney.Server.Telemetry;
using Microsoft.AspNetCore.Diagnostics;
using Serilog;
using Serilog.Configuration;
using Serilog.Events;
using Serilog.Extensions.Logging;
using Serilog.Formatting.Json;

namespace LoanJourney.Server.Logging;

internal static class LoggingSetup
{
    /// <summary>
    /// The property a draft test run's events carry for the console line ("test run {id}: ", <c>TestRunLoggerFactory</c>);
    /// absent from every other event, so their lines are as before.
    /// </summary>
    public const string TestRunTag = "TestRunTag";

    /// <summary>The request log's properties saying who (the principal's name) and from where (the client's address).</summary>
    public const string PrincipalProperty = "Principal";

    /// <inheritdoc cref="PrincipalProperty"/>
    public const string ClientAddressProperty = "ClientAddress";

    // Serilog's console default, with the test-run tag in front of the message.
    internal const string ConsoleTemplate = "[{Timestamp:HH:mm:ss} {Level:u3}] {" + TestRunTag + ":l}{Message:lj}{NewLine}{Exception}";

    /// <summary>
    /// Serilog configured from the <c>Serilog</c> section (levels, overrides, enrichers, extra sinks), plus the console
    /// (<c>Serilog:Console</c>, default on) and a daily rolling JSON file (<c>Serilog:File:Path</c>, default
    /// <c>data/logs/loanjourney-.json</c>; empty turns it off). Every sink, the configured ones (<c>Serilog:WriteTo</c>,
    /// <c>Serilog:AuditTo</c>) too, is behind the PII scrubber (<see cref="ScrubbedExceptionSink"/>).
    /// </summary>
    public static WebApplicationBuilder AddServerLogging(this WebApplicationBuilder builder, ServerPaths paths)
    {
        var configuration = builder.Configuration;
        // Polly's own telemetry logs every attempt of every lender call at Information ("Execution attempt", the same facts as
        // LenderCallCompleted) and retries at Warning: Warning by default keeps the retries and drops the duplicate (a third of the
        // server's log lines per journey). Serilog:MinimumLevel:Override:Polly in configuration still wins.
        // The logger itself reads everything but the sinks: Serilog.Settings.Configuration would attach Serilog:WriteTo's sinks
        // to it, beside the scrubber rather than behind it (docs/server.md, "Privacy on failure paths").
        var serilog = new LoggerConfiguration().MinimumLevel.Override("Polly", LogEventLevel.Warning)
            .ReadFrom.Configuration(new SerilogDirectives(configuration, SerilogDirectives.AllButSinks))
            .Enrich.FromLogContext().Enrich.With<MaskedRequestPathEnricher>();
        // Several nodes' events meet in one place (an aggregated log; on one machine, one shared file: docs/scale-out.md):
        // each says which node it came from, as the dispatcher's own events and OTLP's service.instance.id do. Without
        // Engine:NodeId it is the engine's default (machine:pid), the id the dispatcher leases with (walk 46: no NodeId at all).
        serilog.Enrich.WithProperty("NodeId", TelemetrySetup.NodeId(configuration));

        // OTLP export of the log (docs/server.md, "Telemetry"): OpenTelemetry's logger provider, given Serilog's events inside
        // the wrap; nothing at all when OTLP is not configured.
        var providers = TelemetrySetup.ExportsLogs(configuration) ? new LoggerProviderCollection() : null;

        // The server's sinks behind a wrapper that scrubs PII from logged exceptions (ScrubbedExceptionSink; docs/server.md,
        // "Privacy on failure paths"): the console's, and one for all the others.
        if (configuration.GetValue("Serilog:Console", true))
        {
            // A refusal the start raises on purpose is its one line on stderr (StartFailure), not the host's report of it with its
            // stack above that line: the console leaves that event out, read before the scrubber replaces its exception (session 48).
            serilog.WriteTo.Conditional(e => !StartRefusalLogFilter.IsHostsReportOfARefusal(e), console => console.Sink(LoggerSinkConfiguration.Wrap(
                wrapped => new ScrubbedExceptionSink(wrapped),
                sinks => sinks.Console(outputTemplate: ConsoleTemplate, formatProvider: CultureInfo.InvariantCulture))));
        }

        serilog.WriteTo.Sink(LoggerSinkConfiguration.Wrap(wrapped => new ScrubbedExceptionSink(wrapped), sinks =>
        {
            var file = configuration["Serilog:File:Path"] ?? Path.Combine("data", "logs", "loanjourney-.json");
            if (!string.IsNullOrWhiteSpace(file))
            {
                sinks.File(new JsonFormatter(renderMessage: true), paths.Resolve(file), rollingInterval: RollingInterval.Day,
                    retainedFileCountLimit: configuration.GetValue("Serilog:File:RetainedFiles", 14), fileSizeLimitBytes: 100L * 1024 * 1024,
                    rollOnFileSizeLimit: true, shared: true);
            }

            // Sinks an operator adds in configuration: a logger of their own that passes on every event it is given (the
            // levels were applied above), built only when there are some.
            if (configuration.GetSection("Serilog:WriteTo").GetChildren().Any())
            {
                sinks.Logger(configured => configured.MinimumLevel.Verbose()
                    .ReadFrom.Configuration(new SerilogDirectives(configuration, SerilogDirectives.WriteTo)));
            }

            if (providers is not null)
            {
                sinks.Providers(providers);
            }
        }));
        if (configuration.GetSection("Serilog:AuditTo").GetChildren().Any())
        {
            // Audit sinks fail the logging call when they fail: their own logger, in the logger's audit sinks, behind the scrubber.
            serilog.AuditTo.Sink(new ScrubbedExceptionSink(new LoggerConfiguration().MinimumLevel.Verbose()
                .ReadFrom.Configuration(new SerilogDirectives(configuration, SerilogDirectives.AuditTo)).CreateLogger()));
        }

        // One logger per host, not the static Log.Logger: several servers share a test process.
        var logger = serilog.CreateLogger();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<Serilog.ILogger>(logger);
        // With providers, the logger factory hands them every ILoggerProvider registered (OpenTelemetry's: AddServerTelemetry),
        // and they receive Serilog's events through the sink above only, never besides it.
        builder.Services.AddSerilog(logger, dispose: true, providers);
        return builder;
    }

    /// <summary>
    /// One log event per request (Serilog.AspNetCore's request logging): method, masked path, query parameter names (never
    /// values), status, elapsed; 5xx and unhandled exceptions at Error, except a store outage (503 <c>store_unavailable</c>),
    /// at Warning: the request was refused for a reason outside this server, and a retry will succeed. Each event also says
    /// who and from where (session 46): <c>Principal</c>, the signed-in principal's name (absent when the request had none),
    /// and <c>ClientAddress</c>, the address the audit trail records (<see cref="AuditOrigin.Address"/>: the socket peer, or a
    /// listed proxy's <c>X-Forwarded-For</c>) — never a key, a cookie or a token.
    /// </summary>
    public static IApplicationBuilder UseServerRequestLogging(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<Serilog.ILogger>();
        return app.UseSerilogRequestLogging(options =>
        {
            options.Logger = logger;
            options.IncludeQueryInRequestPath = false;
            options.EnrichDiagnosticContext = (diagnostics, context) =>
            {
                // Read when the request has finished: the authentication middleware (later in the pipeline) set the user.
                if (context.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name })
                {
                    diagnostics.Set(PrincipalProperty, name);
                }

                if (AuditOrigin.Address(context) is { } address)
                {
                    diagnostics.Set(ClientAddressProperty, address);
                }
            };
            options.GetLevel = (context, _, exception) => (exception, context.Response.StatusCode) switch
            {
                (null, < StatusCodes.Status500InternalServerError) => LogEventLevel.Information,
                // Readiness saying "not ready" (the store unreachable) is its answer, not a failure of the server: at Error, a
                // probe every few seconds filled the log with errors for the length of a database outage (session 36).
                (null, StatusCodes.Status503ServiceUnavailable) when context.Request.Path.StartsWithSegments("/health") => LogEventLevel.Warning,
                _ when context.Features.Get<IExceptionHandlerFeature>()?.Error is { } handled && StoreUnavailable.Is(handled) => LogEventLevel.Warning,
                _ => LogEventLevel.Error,
            };
            options.GetMessageTemplateProperties = (context, _, elapsedMs, statusCode) =>
            [
                new LogEventProperty("RequestMethod", new ScalarValue(context.Request.Method)),
                new LogEventProperty("RequestPath", new ScalarValue(MaskedUrl.PathAndQueryKeys(context.Request))),
                new LogEventProperty("StatusCode", new ScalarValue(statusCode)),
                new LogEventProperty("Elapsed", new ScalarValue(elapsedMs)),
            ];
        });
    }
}
