using System.Diagnostics;
using System.Net;
using LoanJourney.Server.Logging;
using LoanJourney.Server.Tests.Privacy;
using LoanJourney.Server.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using static LoanJourney.Server.Tests.Privacy.FailurePathPiiSweepTests;

namespace LoanJourney.Server.Tests.Telemetry;

/// <summary>
/// The log over OTLP (docs/server.md, "Telemetry"): a server pointed at a collector's OTLP/HTTP endpoint (a receiver in the
/// test) sends it its log records as well as its spans, through the same PII scrubber as its log file, each record of a
/// request carrying that request's trace id; with <c>OTEL_LOGS_EXPORTER=none</c>, spans only.
/// </summary>
[Collection(TelemetryRunsAlone.Name)]
public sealed class OtlpLogExportTests
{
    [Fact]
    public async Task WithOtlpConfigured_TheLogReachesTheCollector_Scrubbed_AndCorrelatedWithTheRequestsTrace()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var traceId = ActivityTraceId.CreateRandom();
        var traceIdBytes = Convert.FromHexString(traceId.ToHexString());
        using (var server = new ServerFactory(receiver.ServerSettings(), configureServices: s => s.AddSingleton<IStartupFilter>(new PiiThrowingRequest())))
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/pii-explode");
            request.Headers.Add("traceparent", $"00-{traceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
            Assert.Equal(HttpStatusCode.InternalServerError, (await server.CreateApiClient().SendAsync(request)).StatusCode);

            // The exception handler's event (2002) and the request's line, in a batch the exporter sends within 50 ms.
            await receiver.WaitUntilAsync(
                r => r.Logs().Contains("Unhandled error on", StringComparison.Ordinal)
                    && r.Logs().Contains("responded 500", StringComparison.Ordinal) && r.LogsContain(traceIdBytes),
                TimeSpan.FromSeconds(60));
        }

        // The server stopped: its last records were flushed. No raw value nor a variant of it, in any body or attribute.
        var logs = receiver.Logs();
        var leaks = (from needle in Needles("734219") from System.Text.RegularExpressions.Match m in needle.Matches(logs) select Excerpt("OTLP logs", logs, m)).ToList();
        Assert.True(leaks.Count == 0, "PII in the exported log:\n" + string.Join("\n", leaks));

        // The logged exception's own type, not the scrubber's (ScrubbedExceptionLogRecords).
        // The key, the value's field tags and lengths (bytes, a newline among them), the value.
        Assert.Matches(new System.Text.RegularExpressions.Regex(@"exception\.type.{1,6}System\.InvalidOperationException", System.Text.RegularExpressions.RegexOptions.Singleline), logs);
        Assert.DoesNotContain(nameof(ScrubbedException), logs, StringComparison.Ordinal);

        // The exception as the log file has it (types, stack frames), the resource of the traces and metrics.
        foreach (var expected in new[]
        {
            "exception.stacktrace", "System.InvalidOperationException", "Could not map the borrower record XXXXX5678Z|XXXXXX0000",
            "System.FormatException", "z***@example.org",
            "at LoanJourney.Server.Tests.Privacy.PiiThrowingRequest", "RequestPath", "/pii-explode", "loanjourney-server",
        })
        {
            Assert.True(logs.Contains(expected, StringComparison.Ordinal), $"'{expected}' is not in the exported log:\n{logs}");
        }
    }

    [Fact]
    public async Task WithOtelLogsExporterNone_OnlyTracesAreExported()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var settings = receiver.ServerSettings();
        settings["OTEL_LOGS_EXPORTER"] = "none";
        using (var server = new ServerFactory(settings, configureServices: s => s.AddSingleton<IStartupFilter>(new PiiThrowingRequest())))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, (await server.CreateApiClient().GetAsync("/pii-explode")).StatusCode);
            await receiver.WaitUntilAsync(r => r.Received("traces"), TimeSpan.FromSeconds(60));
        }

        // Stopped and flushed: a log record would have been sent by now.
        Assert.False(receiver.Received("logs"), "Log records were exported with OTEL_LOGS_EXPORTER=none:\n" + receiver.Logs());
    }
}
