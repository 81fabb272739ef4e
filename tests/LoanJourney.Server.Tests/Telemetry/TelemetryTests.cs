using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using LoanJourney.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace LoanJourney.Server.Tests.Telemetry;

/// <summary>
/// OpenTelemetry over a real journey: the server on Kestrel with the sandbox, a workflow that calls FinBox once over HTTP.
/// Metrics are read from the Prometheus scrape endpoint; spans from the in-memory exporter.
/// </summary>
[Collection(TelemetryRunsAlone.Name)]
public sealed class TelemetryTests
{
    private const string Pan = "ABCDE1234F";
    private const string Mobile = "9812345678";
    private const string Email = "asha.verma@example.com";
    private const string Name = "Asha Verma";

    private static readonly object Input = new { customerId = "cust-" + Guid.NewGuid().ToString("N")[..8], mobile = Mobile, pan = Pan, email = Email, name = Name };

    [Fact]
    public async Task AScrapeAfterAJourney_ShowsItsJourneyStepAndLenderCallSeriesMoved()
    {
        using var server = new LenderServerFactory();
        var api = server.CreateApiClient();
        var before = new MetricsScrape(await api.GetStringAsync("/metrics"));

        var id = await api.StartAsync("test-lender", Input);
        await api.WaitForStatusAsync(id, "Completed", TimeSpan.FromSeconds(30));

        var after = await ScrapeUntilAsync(api, s => s.Sum("loanjourney_step_executions_total", ("workflow", "test-lender"), ("step", "createUser")) > 0);
        Assert.Equal(0, before.Sum("loanjourney_journeys_started_total", ("workflow", "test-lender")));
        Assert.True(after.Sum("loanjourney_journeys_started_total", ("workflow", "test-lender"), ("version", "1")) == 1,
            string.Join('\n', after.Text.Split('\n').Where(l => l.StartsWith("loanjourney_journeys", StringComparison.Ordinal) || l.StartsWith("loanjourney_step_executions", StringComparison.Ordinal))));
        Assert.Equal(1, after.Sum("loanjourney_journeys_completed_total", ("workflow", "test-lender"), ("outcome", "Created")));
        Assert.Equal(1, after.Sum("loanjourney_step_executions_total",
            ("workflow", "test-lender"), ("step", "createUser"), ("activity", "FinBox.CreateUser"), ("result", "completed")));
        Assert.Equal(1, after.Sum("loanjourney_step_duration_seconds_count", ("workflow", "test-lender"), ("step", "createUser")));
        Assert.Equal(1, after.Sum("loanjourney_step_attempts_count", ("workflow", "test-lender"), ("step", "createUser")));
        Assert.True(after.Sum("loanjourney_lender_call_duration_seconds_count", ("lender", "FinBoxPrism"), ("result", "success"))
            > before.Sum("loanjourney_lender_call_duration_seconds_count", ("lender", "FinBoxPrism"), ("result", "success")));
        Assert.True(after.Sum("loanjourney_dispatcher_claim_latency_seconds_count") > 0);
        Assert.True(after.Sum("http_server_request_duration_seconds_count") > 0, "ASP.NET Core instrumentation");
        Assert.True(after.Sum("http_client_request_duration_seconds_count") > 0, "HttpClient instrumentation");
        foreach (var pii in new[] { Pan, Mobile, Email, Name })
        {
            Assert.DoesNotContain(pii, after.Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task MetricsNeedTheManagementApiKey()
    {
        using var server = new LenderServerFactory();

        var anonymous = await server.CreateClient().GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    // Round 12: the waiting gauge reads the step counters (CountWaitingAndFaultedAsync); it follows journeys that wait and resume
    // (refreshed at most every 10 s, so this waits for the next read rather than a fixed time).
    [Fact]
    public async Task TheWaitingGauge_CountsJourneysAtTheirStep_AndDropsOneThatResumed()
    {
        using var server = new ServerFactory();
        var api = server.CreateApiClient();
        var first = await api.StartAsync("test-review", new { customerId = "cust-" + Guid.NewGuid().ToString("N")[..8] });
        var second = await api.StartAsync("test-review", new { customerId = "cust-" + Guid.NewGuid().ToString("N")[..8] });
        await api.WaitForStatusAsync(first, "Waiting");
        await api.WaitForStatusAsync(second, "Waiting");

        static double Waiting(MetricsScrape s) => s.Sum("loanjourney_journeys_waiting", ("workflow", "test-review"), ("step", "review"));
        Assert.Equal(2, Waiting(await ScrapeUntilAsync(api, s => Waiting(s) == 2, TimeSpan.FromSeconds(60))));

        await api.PostAsync($"/api/instances/{first}/signals/decision", Api.Json(new { approved = true }));
        await api.WaitForStatusAsync(first, "Completed");
        Assert.Equal(1, Waiting(await ScrapeUntilAsync(api, s => Waiting(s) == 1, TimeSpan.FromSeconds(60))));
    }

    // A draft's test run is an engine of its own in this process, with meters of the same names from its own factory. Its
    // journeys and sandbox calls are not the server's; and once it ended, the SDK took every stream it shared with the server's
    // meters off /metrics (the server's series vanished until a restart; in a test process, any other server ending did it).
    [Fact]
    public async Task ADraftTestRun_IsNotCountedAsTheServers_AndItsEndLeavesTheServersSeriesOnMetrics()
    {
        using var server = new SandboxKestrelServer();
        var api = server.CreateApiClient();
        Assert.Equal("Completed", await PayLaterTestRunAsync(api));

        // Prometheus scrapes on its own schedule: one scrape after the run ended, then the server's next journey.
        var afterTheRun = new MetricsScrape(await api.GetStringAsync("/metrics"));
        var id = await api.StartAsync("test-review", new { customerId = "cust-" + Guid.NewGuid().ToString("N")[..8] });
        await api.WaitForStatusAsync(id, "Waiting");
        static double Started(MetricsScrape s, string workflow) => s.Sum("loanjourney_journeys_started_total", ("workflow", workflow));
        static double Waiting(MetricsScrape s) => s.Sum("loanjourney_journeys_waiting", ("workflow", "test-review"), ("step", "review"));
        var scrape = await ScrapeUntilAsync(api, s => Started(s, "test-review") == 1 && Waiting(s) == 1, TimeSpan.FromSeconds(60));

        Assert.True(Started(scrape, "test-review") == 1 && Waiting(scrape) == 1, scrape.Text);
        Assert.Equal(0, Started(afterTheRun, "capitalfloat-paylater"));
        Assert.Equal(0, Started(scrape, "capitalfloat-paylater"));
        Assert.Equal(0, scrape.Sum("loanjourney_step_executions_total", ("workflow", "capitalfloat-paylater")));
        Assert.Equal(0, scrape.Sum("loanjourney_lender_call_duration_seconds_count", ("lender", "CapitalFloat")));
    }

    [Fact]
    public async Task ADraftTestRun_ExportsNoSpanOfItsJourneys_WhileTheServersOwnJourneysAreTraced()
    {
        var spans = new SpanCollection();
        using var server = new SandboxKestrelServer(services => services.AddOpenTelemetry().WithTracing(t => t.AddInMemoryExporter(spans)));
        var api = server.CreateApiClient();
        Assert.Equal("Completed", await PayLaterTestRunAsync(api));

        // The server's own journey after it: traced, so the exporter is listening.
        var id = await api.StartAsync("test-review", new { customerId = "cust-" + Guid.NewGuid().ToString("N")[..8] });
        await api.WaitForStatusAsync(id, "Waiting");
        var snapshot = await spans.UntilAsync(all => all.Any(s => Equals(s.GetTagItem("loanjourney.instance.id"), id)));

        Assert.Contains(snapshot, s => s.Source.Name == "LoanJourney.Engine" && Equals(s.GetTagItem("loanjourney.workflow"), "test-review"));
        Assert.DoesNotContain(snapshot, s => Equals(s.GetTagItem("loanjourney.workflow"), "capitalfloat-paylater"));
        Assert.DoesNotContain(snapshot, s => s.Source.Name == "LoanJourney.Lenders");
        Assert.DoesNotContain(snapshot, s => s.Kind == ActivityKind.Client && (s.GetTagItem("url.full") as string ?? "").Contains("/sandbox/capitalfloat", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AStepSpanHasItsLenderCallsAsChildren_InTheJourneysTrace_WithNoPiiInAnyAttribute()
    {
        var spans = new SpanCollection();
        using var server = new LenderServerFactory(services => services.AddOpenTelemetry().WithTracing(t => t.AddInMemoryExporter(spans)));
        var api = server.CreateApiClient();

        var id = await api.StartAsync("test-lender", Input);
        await api.WaitForStatusAsync(id, "Completed", TimeSpan.FromSeconds(30));
        await api.GetAsync($"/api/instances/{id}?mobile={Mobile}&email={Uri.EscapeDataString(Email)}");

        // The GET's server span ends after its answer reached the client: on a loaded machine it can trail the answer too.
        var snapshot = await spans.UntilAsync(all => all.Any(s => s.Source.Name == "LoanJourney.Engine" && Equals(s.GetTagItem("loanjourney.step"), "created"))
            && all.Any(s => s.Kind == ActivityKind.Server && s.GetTagItem("url.query") is "mobile=&email="));
        var step = Assert.Single(snapshot, s => s.Source.Name == "LoanJourney.Engine" && Equals(s.GetTagItem("loanjourney.step"), "createUser"));
        Assert.Equal(id, step.TraceId.ToHexString());
        Assert.Equal(id, step.GetTagItem("loanjourney.instance.id"));
        Assert.Equal("FinBox.CreateUser", step.GetTagItem("loanjourney.activity"));
        Assert.Equal("completed", step.GetTagItem("loanjourney.result"));
        var lenderCall = Assert.Single(snapshot, s => s.ParentSpanId == step.SpanId && s.Source.Name == "LoanJourney.Lenders");
        Assert.Equal("FinBoxPrism", lenderCall.GetTagItem("loanjourney.lender"));
        Assert.Equal("success", lenderCall.GetTagItem("loanjourney.lender.result"));
        Assert.Contains(snapshot, s => s.ParentSpanId == lenderCall.SpanId && s.Kind == ActivityKind.Client);
        Assert.Contains(snapshot, s => s.Kind == ActivityKind.Server && s.GetTagItem("url.query") is "mobile=&email=");

        var attributes = snapshot.SelectMany(s => s.TagObjects.Select(t => $"{s.DisplayName} {t.Key}={t.Value}")).ToList();
        Assert.NotEmpty(attributes);
        foreach (var pii in new[] { Pan, Mobile, Email, Name, "asha.verma%40example.com" })
        {
            Assert.DoesNotContain(attributes, a => a.Contains(pii, StringComparison.OrdinalIgnoreCase));
        }
    }

    internal static async Task<MetricsScrape> ScrapeUntilAsync(HttpClient api, Func<MetricsScrape, bool> done, TimeSpan? within = null)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var scrape = new MetricsScrape(await api.GetStringAsync("/metrics"));
            if (done(scrape) || clock.Elapsed > (within ?? TimeSpan.FromSeconds(20)))
            {
                return scrape;
            }

            await Task.Delay(50);
        }
    }

    // Imports the pay-later journey and test-runs its draft on the happy path (sandbox scenario 9999); the scenario's status.
    private static async Task<string> PayLaterTestRunAsync(HttpClient api)
    {
        var file = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "capitalfloat-paylater.json"));
        var definition = JsonNode.Parse(file, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })!;
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsync("/api/workflows/import", Api.Json(definition.ToJsonString()))).StatusCode);
        var run = await api.PostAsync("/api/workflows/capitalfloat-paylater/draft/test-runs", Api.Json("""{"scenarios":["9999"]}"""));
        var body = await run.Content.ReadAsStringAsync();
        Assert.True(run.StatusCode == HttpStatusCode.OK, body);
        return JsonNode.Parse(body)!["scenarios"]![0]!["status"]!.GetValue<string>();
    }
}
