using System.Diagnostics;
using System.Diagnostics.Metrics;
using LoanJourney.Engine.Runtime;
using LoanJourney.Engine.Telemetry;
using LoanJourney.Lenders.Common;
using LoanJourney.Server.Http;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace LoanJourney.Server.Telemetry;

internal static class TelemetrySetup
{
    /// <summary>The scrape path of the Prometheus exporter.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>
    /// OpenTelemetry: the engine's and the lender calls' meters and activity sources, ASP.NET Core and HttpClient
    /// instrumentation. Metrics always (scraped at <see cref="MetricsPath"/>); traces are recorded only when something exports
    /// them (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set, or a test's exporter), so an unobserved server pays nothing for spans.
    /// With OTLP, the log goes there too (<see cref="ExportsLogs"/>; the records come from Serilog, behind the PII scrubber).
    /// URL paths and queries on spans are masked like the request log; exceptions are never recorded on spans (their text may
    /// quote a borrower), only their type (<c>error.type</c>).
    /// </summary>
    public static WebApplicationBuilder AddServerTelemetry(this WebApplicationBuilder builder)
    {
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("loanjourney-server", serviceInstanceId: NodeId(builder.Configuration)))
            .WithMetrics(metrics => metrics
                .AddMeter(EngineTelemetry.Name, LenderTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddPrometheusExporter());
        builder.Services.ConfigureOpenTelemetryMeterProvider((services, metrics) => metrics.AddView(OwnInstrumentsOnly(services.GetRequiredService<IMeterFactory>())));
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing
            .AddSource(EngineTelemetry.Name, LenderTelemetry.Name)
            .AddAspNetCoreInstrumentation(o =>
            {
                o.Filter = context => !context.Request.Path.StartsWithSegments(MetricsPath) && !context.Request.Path.StartsWithSegments("/health");
                o.EnrichWithHttpRequest = (activity, request) => MaskUrl(activity, request);

                // Never an "exception" span event (exception.message, exception.stacktrace): an exception's text may quote a
                // borrower, and a span event cannot be rewritten once added. The span keeps error.type (the exception's type).
                o.RecordException = false;
            })
            .AddHttpClientInstrumentation(o =>
            {
                o.EnrichWithHttpRequestMessage = (activity, request) => MaskUrl(activity, request.RequestUri);
                o.RecordException = false;
            }));
        if (ExportsOtlp(builder.Configuration))
        {
            // Traces, metrics and logs (UseOtlpExporter turns on the three). The log's records come from Serilog, scrubbed
            // (LoggingSetup: the logger provider is one of the sinks behind ScrubbedExceptionSink).
            otel.WithTracing().UseOtlpExporter();

            // The record's body is the rendered message, as in the JSON file's RenderedMessage (the template stays as the
            // {OriginalFormat} attribute): what a collector's user reads, with the same properties as attributes.
            builder.Services.Configure<OpenTelemetryLoggerOptions>(o => o.IncludeFormattedMessage = true);
            builder.Services.ConfigureOpenTelemetryLoggerProvider(logging => logging.AddProcessor(new ScrubbedExceptionLogRecords()));
        }

        return builder;
    }

    /// <summary>
    /// This node's id as its log events (<c>NodeId</c>) and its telemetry's resource (<c>service.instance.id</c>) name it:
    /// <c>Engine:NodeId</c>, or the engine's default (<see cref="EngineOptions.DefaultNodeId"/>, machine:pid), the id the
    /// dispatcher leases with. Until walk 46 an unconfigured node logged no id and exported a random one.
    /// </summary>
    public static string NodeId(IConfiguration configuration) =>
        configuration["Engine:NodeId"] is { Length: > 0 } nodeId ? nodeId : EngineOptions.DefaultNodeId;

    /// <summary>Whether the server exports over OTLP: <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set (environment or configuration).</summary>
    public static bool ExportsOtlp(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

    /// <summary>
    /// Whether the log goes over OTLP too: whenever the server exports over OTLP, unless <c>OTEL_LOGS_EXPORTER=none</c>
    /// (the standard variable; the .NET SDK does not read it, the server does).
    /// </summary>
    public static bool ExportsLogs(IConfiguration configuration) =>
        ExportsOtlp(configuration) && !string.Equals(configuration["OTEL_LOGS_EXPORTER"]?.Trim(), "none", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A view that drops the instruments of another host's meters. The SDK listens to meters by name, process-wide, and a draft's
    /// test run is a host of its own in this process (its engine, lender clients and HttpClients, each meter of the same name
    /// from its own <see cref="IMeterFactory"/>). Without this its journeys and sandbox calls were counted as the server's, and
    /// once the run ended and its meters were disposed, the SDK took the streams they shared with the server's meters off the
    /// exporter: every series vanished from <c>/metrics</c> until a restart. Meters made without a factory (no scope) are
    /// process-wide by nature and stay.
    /// </summary>
    internal static Func<Instrument, MetricStreamConfiguration?> OwnInstrumentsOnly(IMeterFactory own) =>
        instrument => instrument.Meter.Scope is IMeterFactory factory && !ReferenceEquals(factory, own) ? MetricStreamConfiguration.Drop : null;

    /// <summary>
    /// The Prometheus scrape endpoint, behind the management API's authentication (<c>X-Api-Key</c>): metrics name
    /// workflows, steps and lenders, which are not for the public internet, and one port is simpler to run than two.
    /// </summary>
    public static IEndpointConventionBuilder MapMetrics(this IEndpointRouteBuilder app) =>
        app.MapPrometheusScrapingEndpoint(MetricsPath).RequireAuthorization().ExcludeFromDescription();

    private static void MaskUrl(Activity activity, HttpRequest request)
    {
        activity.SetTag("url.path", MaskedUrl.Path(request.Path.Value));
        if (request.QueryString.HasValue)
        {
            activity.SetTag("url.query", MaskedUrl.QueryKeys(request.Query.Keys));
        }
    }

    private static void MaskUrl(Activity activity, Uri? uri)
    {
        if (uri is { IsAbsoluteUri: true })
        {
            activity.SetTag("url.full", MaskedUrl.Full(uri));
        }
    }
}
