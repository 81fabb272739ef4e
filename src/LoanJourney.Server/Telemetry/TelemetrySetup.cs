using System.Diagnostics;
using LoanJourney.Engine.Telemetry;
using LoanJourney.Lenders.Common;
using LoanJourney.Server.Http;
using OpenTelemetry;
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
    /// URL paths and queries on spans are masked like the request log.
    /// </summary>
    public static WebApplicationBuilder AddServerTelemetry(this WebApplicationBuilder builder)
    {
        var nodeId = builder.Configuration["Engine:NodeId"];
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("loanjourney-server", serviceInstanceId: string.IsNullOrEmpty(nodeId) ? null : nodeId))
            .WithMetrics(metrics => metrics
                .AddMeter(EngineTelemetry.Name, LenderTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddPrometheusExporter());
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing
            .AddSource(EngineTelemetry.Name, LenderTelemetry.Name)
            .AddAspNetCoreInstrumentation(o =>
            {
                o.Filter = context => !context.Request.Path.StartsWithSegments(MetricsPath) && !context.Request.Path.StartsWithSegments("/health");
                o.EnrichWithHttpRequest = (activity, request) => MaskUrl(activity, request);
            })
            .AddHttpClientInstrumentation(o => o.EnrichWithHttpRequestMessage = (activity, request) => MaskUrl(activity, request.RequestUri)));
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            otel.WithTracing().UseOtlpExporter();
        }

        return builder;
    }

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
