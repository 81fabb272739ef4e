using System.Text.Json.Nodes;
using LoanJourney.Server.Logging;
using LoanJourney.Server.Tests.Support;
using Serilog.Events;
using Serilog.Parsing;

namespace LoanJourney.Server.Tests.Logging;

/// <summary>Serilog.AspNetCore's request log, read back from the server's real JSON log file.</summary>
public sealed class RequestLoggingTests
{
    [Fact]
    public async Task EachRequestIsLoggedOnce_WithItsPathMasked_AndOnlyTheNamesOfItsQueryParameters()
    {
        var directory = Directory.CreateTempSubdirectory("lj-logs-").FullName;
        try
        {
            using (var factory = new ServerFactory(new Dictionary<string, string?> { ["Serilog:File:Path"] = Path.Combine(directory, "server-.json") }))
            {
                var client = factory.CreateApiClient();
                await client.GetAsync("/api/instances/ABCDE1234F?mobile=9812345678&email=asha%40example.com");
                await client.GetAsync("/health/live");
            }

            var events = Directory.GetFiles(directory, "server-*.json")
                .SelectMany(File.ReadAllLines)
                .Select(line => JsonNode.Parse(line)!.AsObject())
                .Where(e => e["Properties"]?["SourceContext"]?.GetValue<string>() == "Serilog.AspNetCore.RequestLoggingMiddleware")
                .ToList();
            var text = string.Join('\n', events.Select(e => e.ToJsonString()));

            var instance = Assert.Single(events, e => e["Properties"]!["RequestPath"]!.GetValue<string>().StartsWith("/api/instances/", StringComparison.Ordinal));
            Assert.Equal("/api/instances/XXXXX1234F?mobile=&email=", instance["Properties"]!["RequestPath"]!.GetValue<string>());
            Assert.Equal("GET", instance["Properties"]!["RequestMethod"]!.GetValue<string>());
            Assert.Equal(404, instance["Properties"]!["StatusCode"]!.GetValue<int>());
            Assert.Single(events, e => e["Properties"]!["RequestPath"]!.GetValue<string>() == "/health/live");
            Assert.DoesNotContain("ABCDE1234F", text, StringComparison.Ordinal);
            Assert.DoesNotContain("9812345678", text, StringComparison.Ordinal);
            Assert.DoesNotContain("example.com", text, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Enrich_MasksTheHostingScopesRequestPath()
    {
        var logEvent = new LogEvent(DateTimeOffset.UnixEpoch, LogEventLevel.Information, null, new MessageTemplateParser().Parse("x"),
            [new LogEventProperty("RequestPath", new ScalarValue("/api/borrowers/ABCDE1234F/9812345678"))]);

        new MaskedRequestPathEnricher().Enrich(logEvent, null!);

        Assert.Equal("\"/api/borrowers/***/XXXXXX5678\"", logEvent.Properties["RequestPath"].ToString());
    }
}
