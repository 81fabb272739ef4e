using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LoanJourney.Engine.Telemetry;
using LoanJourney.Lenders.Common;
using LoanJourney.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace LoanJourney.Server.Tests.Telemetry;

/// <summary>
/// Walk 46 (a platform engineer wiring the server into their observability): a webhook that resumes a journey is counted and
/// its request's span links to the journey's trace; the lender sees the step's trace context (<c>traceparent</c>); the Grafana
/// dashboard queries only series the server's instruments make.
/// </summary>
[Collection(TelemetryRunsAlone.Name)]
public sealed partial class TelemetryWalkTests
{
    // Before walk 46 no instrument counted webhooks (only the inbox lag of those a step consumed), and the webhook's request
    // span was a trace of its own with nothing leading to the journey it resumed.
    [Fact]
    public async Task AWebhookThatResumesAJourney_IsCountedByStatus_AndItsRequestSpanLinksToTheJourneysTrace()
    {
        var spans = new SpanCollection();
        using var server = new ServerFactory(null, configureServices: s => s.AddOpenTelemetry().WithTracing(t => t.AddInMemoryExporter(spans)));
        var api = server.CreateApiClient();
        var customer = "WH-" + Guid.NewGuid().ToString("N")[..8];
        var id = await api.StartAsync("test-webhook", new { customerId = customer });
        await api.WaitForStatusAsync(id, "Waiting");

        var body = $$"""{"customerID":"{{customer}}","entityType":"system","eventDescription":"Loan disbursed","eventType":"loan_disbursed","loanApplicationID":"APP-1","loggedAt":"2026-01-01 10:00:00","journeyType":"personal_loan","source":"test"}""";
        var anonymous = server.CreateClient();
        Assert.Equal(HttpStatusCode.Accepted, (await anonymous.PostAsync("/webhooks/finbox", Api.Json(body))).StatusCode);
        await api.WaitForStatusAsync(id, "Completed");
        Assert.Equal(HttpStatusCode.Accepted, (await anonymous.PostAsync("/webhooks/finbox", Api.Json(body))).StatusCode);

        static double Received(MetricsScrape s, string status) => s.Sum("loanjourney_webhooks_received_total", ("status", status));
        var scrape = await TelemetryTests.ScrapeUntilAsync(api, s => Received(s, "routed") == 1 && Received(s, "duplicate") == 1);
        Assert.True(Received(scrape, "routed") == 1 && Received(scrape, "duplicate") == 1,
            string.Join('\n', scrape.Text.Split('\n').Where(l => l.Contains("webhook", StringComparison.Ordinal))));
        Assert.DoesNotContain(customer, scrape.Text, StringComparison.Ordinal);

        var snapshot = await spans.UntilAsync(all => all.Count(IsWebhookRequest) == 2);
        var routed = Assert.Single(snapshot, s => IsWebhookRequest(s) && s.Links.Any());
        var link = Assert.Single(routed.Links);
        Assert.Equal(id, link.Context.TraceId.ToHexString());
        Assert.Equal(id, routed.GetTagItem("loanjourney.instance.id"));
        Assert.NotEqual(id, routed.TraceId.ToHexString());
        Assert.Contains(snapshot, s => s.Source.Name == EngineTelemetry.Name && s.TraceId.ToHexString() == id);
        var attributes = snapshot.SelectMany(s => s.TagObjects.Select(t => $"{s.DisplayName} {t.Key}={t.Value}"));
        Assert.DoesNotContain(attributes, a => a.Contains(customer, StringComparison.Ordinal));

        static bool IsWebhookRequest(Activity s) => s.Kind == ActivityKind.Server && s.GetTagItem("url.path") is "/webhooks/finbox";
    }

    // Session 47: a lender's callback that arrives before the journey waits for it is buffered; the step that later consumes
    // it ran in the journey's trace with nothing leading to the callback's request, so an operator following one borrower's
    // trace lost the lender's callback. The webhook keeps its request's traceparent (migration 0036) and the consuming step's
    // span links to that request's span and names the event id. Its tags carry no PII: the customer id (in the routing key)
    // and the mobile, email and name the lender put in the body appear in no attribute of any span.
    [Fact]
    public async Task AWebhookBufferedBeforeTheJourneyWaits_IsLinkedFromTheStepThatConsumesIt_WithNoPiiInAnyAttribute()
    {
        const string Mobile = "9812345678";
        const string Email = "asha.verma@example.com";
        const string Name = "Asha Verma";
        var spans = new SpanCollection();
        using var server = new ServerFactory(null, configureServices: s => s.AddOpenTelemetry().WithTracing(t => t.AddInMemoryExporter(spans)));
        var api = server.CreateApiClient();
        var customer = "WB-" + Guid.NewGuid().ToString("N")[..8];
        var body = $$"""{"customerID":"{{customer}}","entityType":"system","eventDescription":"Disbursed to {{Name}}, {{Mobile}}, {{Email}}","eventType":"loan_disbursed","loanApplicationID":"APP-2","loggedAt":"2026-01-01 10:00:00","journeyType":"personal_loan","source":"test"}""";
        var posted = await server.CreateClient().PostAsync("/webhooks/finbox", Api.Json(body));
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        var accepted = JsonNode.Parse(await posted.Content.ReadAsStringAsync())!;
        Assert.Equal("Buffered", accepted["status"]!.GetValue<string>());
        var eventId = accepted["eventId"]!.GetValue<string>();

        var id = await api.StartAsync("test-webhook", new { customerId = customer });
        await api.WaitForStatusAsync(id, "Completed");

        var snapshot = await spans.UntilAsync(all => all.Any(s => s.Source.Name == EngineTelemetry.Name && s.TraceId.ToHexString() == id
            && s.GetTagItem("loanjourney.webhook.event_id") is not null));
        var request = Assert.Single(snapshot, s => s.Kind == ActivityKind.Server && s.GetTagItem("url.path") is "/webhooks/finbox");
        Assert.NotEqual(id, request.TraceId.ToHexString());
        var step = Assert.Single(snapshot, s => s.Source.Name == EngineTelemetry.Name && s.TraceId.ToHexString() == id && s.GetTagItem("loanjourney.webhook.event_id") is not null);
        Assert.Equal("waitDisbursed", step.GetTagItem("loanjourney.step"));
        Assert.Equal(eventId, step.GetTagItem("loanjourney.webhook.event_id"));
        var link = Assert.Single(step.Links);
        Assert.Equal((request.TraceId, request.SpanId), (link.Context.TraceId, link.Context.SpanId));

        var attributes = snapshot.SelectMany(s => s.TagObjects.Select(t => $"{s.DisplayName} {t.Key}={t.Value}")).ToList();
        Assert.Contains(attributes, a => a.Contains("loanjourney.webhook.event_id=", StringComparison.Ordinal));
        foreach (var pii in new[] { customer, Mobile, Email, Name })
        {
            Assert.DoesNotContain(attributes, a => a.Contains(pii, StringComparison.OrdinalIgnoreCase));
        }
    }

    // W3C trace context reaches the lender: the sandbox, mounted in the same server, records its request's span as the child of
    // the HttpClient span the lender call made (its traceparent), in the journey's trace.
    [Fact]
    public async Task ALenderCallsHttpRequest_CarriesTheJourneysTraceContext_ToTheLender()
    {
        var spans = new SpanCollection();
        using var server = new LenderServerFactory(services => services.AddOpenTelemetry().WithTracing(t => t.AddInMemoryExporter(spans)));
        var api = server.CreateApiClient();

        var id = await api.StartAsync("test-lender", new { customerId = "cust-" + Guid.NewGuid().ToString("N")[..8], mobile = "9812345678", pan = "ABCDE1234F", email = "a@example.com", name = "A B" });
        await api.WaitForStatusAsync(id, "Completed", TimeSpan.FromSeconds(30));

        var snapshot = await spans.UntilAsync(all => all.Any(s => s.Kind == ActivityKind.Server && s.TraceId.ToHexString() == id));
        var lenderCall = Assert.Single(snapshot, s => s.Source.Name == LenderTelemetry.Name && s.TraceId.ToHexString() == id);
        var client = Assert.Single(snapshot, s => s.Kind == ActivityKind.Client && s.ParentSpanId == lenderCall.SpanId);
        var atTheLender = Assert.Single(snapshot, s => s.Kind == ActivityKind.Server && s.ParentSpanId == client.SpanId);
        Assert.Equal(id, atTheLender.TraceId.ToHexString());
        Assert.StartsWith("/sandbox/", atTheLender.GetTagItem("url.path") as string, StringComparison.Ordinal);
    }

    // Before walk 46 nothing said how many journeys wait for an operator: the dashboard's "incidents" were incident steps
    // executed per second, which is zero for a journey that faulted yesterday and still waits.
    [Fact]
    public async Task AJourneyFaultedWithAnIncident_IsAnOpenIncident_AtItsStep()
    {
        using var server = new ServerFactory();
        var api = server.CreateApiClient();
        var id = await api.StartAsync("test-fault", new { delay = "not-a-duration" });
        await api.WaitForStatusAsync(id, "Faulted");

        static double Open(MetricsScrape s) => s.Sum("loanjourney_incidents_open", ("workflow", "test-fault"), ("step", "pause"));
        var scrape = await TelemetryTests.ScrapeUntilAsync(api, s => Open(s) == 1, TimeSpan.FromSeconds(60));
        Assert.True(Open(scrape) == 1, string.Join('\n', scrape.Text.Split('\n').Where(l => l.StartsWith("loanjourney_incidents", StringComparison.Ordinal) || l.StartsWith("loanjourney_journeys_waiting", StringComparison.Ordinal))));
        Assert.Equal(0, scrape.Sum("loanjourney_journeys_waiting", ("workflow", "test-fault")));
    }

    // The dashboard in docs/grafana/ is imported as it is: a query naming a series no instrument makes is an empty panel nobody
    // notices until an incident. Every loanjourney_* name in its queries must be the Prometheus name of one of the server's
    // instruments (the exporter's rules: dots to underscores, unit "s" as _seconds, a counter's _total, a histogram's
    // _bucket/_sum/_count).
    [Fact]
    public void EveryLoanJourneySeriesTheGrafanaDashboardQueries_IsOneOfTheServersInstruments()
    {
        using var server = new ServerFactory();
        _ = server.Services.GetRequiredService<EngineTelemetry>();
        _ = server.Services.GetRequiredService<LenderTelemetry>();
        var series = new HashSet<string>(StringComparer.Ordinal);
        using (var listener = new MeterListener())
        {
            listener.InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name is EngineTelemetry.Name or LenderTelemetry.Name)
                {
                    foreach (var name in PrometheusNames(instrument))
                    {
                        series.Add(name);
                    }
                }
            };
            listener.Start();
        }

        var dashboard = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Root, "docs", "grafana", "loanjourney-dashboard.json")))!;
        var queried = Queries(dashboard).SelectMany(q => SeriesName().Matches(q).Select(m => m.Value)).Distinct().ToList();

        Assert.Contains("loanjourney_webhooks_received_total", queried);
        Assert.Contains("loanjourney_incidents_open", queried);
        Assert.Contains("loanjourney_lender_call_duration_seconds_count", queried);
        Assert.Empty(queried.Where(q => !series.Contains(q)).Select(q => $"{q} (instruments make: {string.Join(", ", series.Order())})"));
    }

    private static IEnumerable<string> PrometheusNames(Instrument instrument)
    {
        var name = instrument.Name.Replace('.', '_');
        if (instrument.Unit == "s")
        {
            name += "_seconds";
        }

        var type = instrument.GetType().GetGenericTypeDefinition();
        if (type == typeof(Counter<>) || type == typeof(ObservableCounter<>))
        {
            return [name + "_total"];
        }

        return type == typeof(Histogram<>) ? [name + "_bucket", name + "_sum", name + "_count"] : [name];
    }

    private static IEnumerable<string> Queries(JsonNode node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key is "expr" or "query" or "definition" && p.Value is JsonValue v && v.TryGetValue<string>(out var s)
            ? [s]
            : p.Value is null ? [] : Queries(p.Value)),
        JsonArray a => a.OfType<JsonNode>().SelectMany(Queries),
        _ => [],
    };

    [GeneratedRegex(@"\bloanjourney_[a-z_]+\b")]
    private static partial Regex SeriesName();
}
