using System.Diagnostics;
using System.Net;
using System.Text.Json;
using LoanJourney.Engine.Activities;
using LoanJourney.Server.Tests.Support;
using LoanJourney.Server.Tests.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using static LoanJourney.Server.Tests.Privacy.FailurePathPiiSweepTests;

namespace LoanJourney.Server.Tests.Privacy;

/// <summary>
/// Exceptions the server logs whole (docs/server.md, "Privacy on failure paths"): one server on Kestrel with the embedded
/// sandbox, its JSON log file at Debug and its console captured, drives exceptions quoting the borrower's data in their
/// messages and their inner exceptions' messages through what logs them with their text: an activity still running when the
/// server stops (the runner's failure, 3002), a lender answer that cannot be read, whose JSON parse error quotes it (Polly's
/// retry events, each with the exception, the lender client's own retry line), and an unhandled exception in a request
/// (2002, the request log, ASP.NET Core's own). The log file, the console, the log records exported over OTLP (to a receiver
/// in the test) and the exported spans must show the data masked
/// (<c>XXXXX5678Z</c>) and keep what an operator debugs with: the exceptions' types, their stack frames, the journey's id whole.
/// </summary>
[Collection(TelemetryRunsAlone.Name)]
public sealed class ExceptionLoggingPiiTests
{
    private const string Unreadable = "CFAPP-UNREADABLE-7";

    [Fact]
    public async Task LoggedExceptions_ShowTheBorrowersDataMasked_InTheLogFileTheConsoleAndSpans()
    {
        var logs = Path.Combine(Path.GetTempPath(), "lj-exception-log-" + Guid.NewGuid().ToString("N"));
        var spans = new SpanCollection();
        var console = new StringWriter();
        var original = Console.Out;
        var seen = new List<(string Where, string Text)>();
        ExplodingOnStopActivity.Reset();
        Console.SetOut(TextWriter.Synchronized(console));
        string stopped;
        await using var collector = await OtlpReceiver.StartAsync();
        try
        {
            using (var server = new LenderServerFactory(
                services =>
                {
                    services.AddOpenTelemetry().WithTracing(t => t.AddInMemoryExporter(spans));
                    services.AddActivity<ExplodingOnStopActivity>();
                    services.AddSingleton<IStartupFilter>(new ThrowingRequests());
                    services.AddHttpClient("CapitalFloat").AddHttpMessageHandler(() => new UnreadableGatewayAnswers(Unreadable));
                },
                Settings(logs, collector)))
            {
                var api = server.CreateApiClient();

                // A read the pipeline retries (profile_available_limit), whose answer our gateway handler cannot parse.
                var unreadable = await api.StartAsync("capitalfloat-paylater", new { appId = Unreadable, amount = 25000, partner = new { verifiedCustomerRefId = "PARTNER-REF-1" } });
                await JournalUntilAsync(api, unreadable, j => j.Contains("NETWORK", StringComparison.Ordinal));

                var failed = await api.GetAsync("/pii-explode");
                Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
                seen.Add(("unhandled request's answer", await failed.Content.ReadAsStringAsync()));
                var early = await api.GetAsync("/pii-explode-early");
                Assert.Equal(HttpStatusCode.InternalServerError, early.StatusCode);

                await api.StartAsync("pii-explode-on-stop", new { pan = Pan, mobile = Mobile, email = Email, aadhaar = Aadhaar });
                stopped = await ExplodingOnStopActivity.Started.Task.WaitAsync(TimeSpan.FromSeconds(60));
            }

            // The server stopped (its logger flushed): the activity threw as the engine stopped.
            seen.Add(("log file", await LogFiles.ReadAsync(logs)));
            seen.Add(("console", console.ToString()));
            seen.Add(("OTLP logs", collector.Logs()));
            seen.Add(("spans", Describe(spans.Snapshot())));
        }
        finally
        {
            Console.SetOut(original);
            try
            {
                Directory.Delete(logs, recursive: true);
            }
            catch (IOException)
            {
            }
        }

        // No raw value nor a variant of it anywhere (the sweep's needles).
        var found = (from s in seen from needle in Needles("734219") from System.Text.RegularExpressions.Match m in needle.Matches(s.Text) select (s.Where, Text: Excerpt(s.Where, s.Text, m))).Distinct().ToList();
        var leaks = found.Select(f => f.Text).ToList();
        Assert.True(leaks.Count == 0, $"PII in a logged exception ({string.Join(", ", found.GroupBy(f => f.Where).Select(g => $"{g.Key}: {g.Count()}"))}):\n"
            + string.Join("\n", found.GroupBy(f => f.Where).SelectMany(g => g.Take(10)).Select(f => f.Text)));

        // Each exception was logged, by each path, with what an operator debugs with: types, stack frames, the journey id.
        foreach (var (where, text) in seen.Where(s => s.Where is "log file" or "console" or "OTLP logs"))
        {
            foreach (var expected in new[]
            {
                "failed unexpectedly", $"Scoring of journey {stopped} stopped for PAN XXXXX5678Z",
                "System.InvalidOperationException", "System.FormatException", "at LoanJourney.Server.Tests.Privacy.ExplodingOnStopActivity",
                "OnRetry", "System.Net.Http.HttpRequestException", "System.Text.Json.JsonException", "Unhandled error on", "/pii-explode", "System.ArgumentException",
                "XXXXXX0000", "z***@example.org", "XXXX XXXX 2109",
            })
            {
                Assert.True(text.Contains(expected, StringComparison.Ordinal), $"'{expected}' is not in the {where}.");
            }
        }
    }

    private static Dictionary<string, string?> Settings(string logs, OtlpReceiver collector)
    {
        var settings = new Dictionary<string, string?>(collector.ServerSettings(), StringComparer.Ordinal)
        {
            ["Engine:DefinitionsDirectory"] = Path.Combine(AppContext.BaseDirectory, "ExceptionLogWorkflows"),
            ["Serilog:Console"] = "true",
            ["Serilog:File:Path"] = Path.Combine(logs, "server-.json"),
            ["Serilog:MinimumLevel:Default"] = "Debug",
            ["Serilog:MinimumLevel:Override:Microsoft.AspNetCore"] = "Debug",
            ["Serilog:MinimumLevel:Override:Polly"] = "Debug",
            ["Journeys:PollInterval"] = "00:00:00.050",
        };
        foreach (var lender in new[] { "FinBoxPrism", "FinBoxSourcing", "CapitalFloat", "Partner" })
        {
            settings[$"Lenders:{lender}:RetryBaseDelay"] = "00:00:00.010";
            settings[$"Lenders:{lender}:RetryMaxDelay"] = "00:00:00.020";
        }

        return settings;
    }

    private static async Task JournalUntilAsync(HttpClient api, string id, Func<string, bool> done)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var journal = await api.GetStringAsync($"/api/instances/{id}/journal?take=1000");
            if (done(journal))
            {
                return;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"Journey {id} did not get there: {journal}");
            await Task.Delay(25);
        }
    }

    /// <summary>
    /// Inside a lender's pipeline (below the retries): the lender's gateway answered, and reading its envelope fails with a
    /// JSON parse error quoting the answer, the way a hand-written reader or another JSON library reports one.
    /// </summary>
    private sealed class UnreadableGatewayAnswers(string trigger) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
            var response = await base.SendAsync(request, cancellationToken);
            if (!body.Contains(trigger, StringComparison.Ordinal))
            {
                return response;
            }

            response.Dispose();
            var parse = new JsonException($$"""Unexpected end of data after '{"pan":"{{Pan}}","aadhaar":"{{Aadhaar}}","email":"{{Email}}"' at $.data (line 1).""");
            throw new HttpRequestException($"The lender gateway's answer for +91 {Mobile} could not be read.", parse);
        }
    }

    /// <summary>
    /// Unhandled exceptions quoting a borrower: after the server's pipeline, for a path nothing else serves (its exception
    /// handler logs it), and before it (Kestrel logs it).
    /// </summary>
    private sealed class ThrowingRequests : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            // Before the server's pipeline: past its exception handler and request log, to Kestrel (and the server span).
            app.Use((HttpContext context, RequestDelegate call) => context.Request.Path.StartsWithSegments("/pii-explode-early")
                ? throw new ArgumentException($"No route for borrower {Email} ({Pan}).", new FormatException($"'{Aadhaar}' is not a journey id."))
                : call(context));
            next(app);
            app.Use((HttpContext context, RequestDelegate call) => context.Request.Path.StartsWithSegments("/pii-explode")
                ? throw new InvalidOperationException($"Could not map the borrower record {Pan}|{Mobile}.", new FormatException($"'{Email}' is not a customer id."))
                : call(context));
        };
    }
}
