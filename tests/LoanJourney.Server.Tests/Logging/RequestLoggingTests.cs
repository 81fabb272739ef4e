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
        var events = (await LoggedEventsAsync(async factory =>
            {
                var client = factory.CreateApiClient();
                await client.GetAsync("/api/instances/ABCDE1234F?mobile=9812345678&email=asha%40example.com");
                await client.GetAsync("/health/live");

                // A journey id with ten digits in a row stays whole (it read as a mobile number), a mobile as a segment does not.
                await client.GetAsync("/api/instances/01a23d6931137490a436b7b5cf77a85e/journal");
                await client.GetAsync("/api/instances/9812345670/journal");
            }))
            .Where(e => e["Properties"]?["SourceContext"]?.GetValue<string>() == "Serilog.AspNetCore.RequestLoggingMiddleware")
            .ToList();
        var text = string.Join('\n', events.Select(e => e.ToJsonString()));

        Assert.Single(events, e => e["Properties"]!["RequestPath"]!.GetValue<string>() == "/api/instances/01a23d6931137490a436b7b5cf77a85e/journal");
        Assert.Single(events, e => e["Properties"]!["RequestPath"]!.GetValue<string>() == "/api/instances/XXXXXX5670/journal");
        Assert.DoesNotContain("9812345670", text, StringComparison.Ordinal);
        var instance = Assert.Single(events, e => e["Properties"]!["RequestPath"]!.GetValue<string>().StartsWith("/api/instances/ABCDE", StringComparison.Ordinal)
            || e["Properties"]!["RequestPath"]!.GetValue<string>().StartsWith("/api/instances/XXXXX1234F", StringComparison.Ordinal));
        Assert.Equal("/api/instances/XXXXX1234F?mobile=&email=", instance["Properties"]!["RequestPath"]!.GetValue<string>());
        Assert.Equal("GET", instance["Properties"]!["RequestMethod"]!.GetValue<string>());
        Assert.Equal(404, instance["Properties"]!["StatusCode"]!.GetValue<int>());
        Assert.Single(events, e => e["Properties"]!["RequestPath"]!.GetValue<string>() == "/health/live");
        Assert.DoesNotContain("ABCDE1234F", text, StringComparison.Ordinal);
        Assert.DoesNotContain("9812345678", text, StringComparison.Ordinal);
        Assert.DoesNotContain("example.com", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AControlCharacterInThePath_IsWrittenEscaped_SoNoRequestCanForgeALogLine_AndAFailedSignInLogsThePathMasked()
    {
        var events = await LoggedEventsAsync(async factory =>
        {
            // Without credentials: the request line and the authentication failure both name the path.
            await factory.CreateClient().GetAsync("/api/instances/x%0A%5B09:35:06%20INF%5D%20Operator%20action%20cancel%20by%20admin");
            await factory.CreateClient().GetAsync("/api/instances/9812345678%0D");
        });
        var paths = events
            .SelectMany(e => new[] { e["Properties"]?["RequestPath"], e["Properties"]?["Path"] })
            .OfType<JsonNode>()
            .Select(p => p.GetValue<string>())
            .Where(p => p.StartsWith("/api/instances/", StringComparison.Ordinal))
            .ToList();

        Assert.Contains(events, e => e["Properties"]?["EventId"]?["Id"]?.GetValue<int>() == 2007);
        Assert.Contains(@"/api/instances/x\u000a[09:35:06 INF] Operator action cancel by admin", paths);
        Assert.Contains(@"/api/instances/XXXXXX5678\u000d", paths);
        Assert.DoesNotContain(paths, p => p.Any(char.IsControl) || p.Contains("9812345678", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AWebhookIsLoggedOnce_ByItsRequestLine_WithItsOutcome_AndNothingOfItsBody()
    {
        const string Body = """{"customerID":"LOG-1","eventType":"loan_disbursed","eventDescription":"Disbursed to Asha Rao 9812345678","source":"test"}""";
        var events = await LoggedEventsAsync(async factory =>
        {
            var response = await factory.CreateClient().PostAsync("/webhooks/finbox", new StringContent(Body, System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        });
        var text = string.Join('\n', events.Select(e => e.ToJsonString()));

        // One event per webhook at the default level: the request line, carrying the webhook's outcome.
        var webhookEvents = events.Where(e => e.ToJsonString().Contains("webhooks/finbox", StringComparison.Ordinal)
            || e["Properties"]?["WebhookEventId"] is not null || e["Properties"]?["EventId"]?["Id"]?.GetValue<int>() == 2003).ToList();
        var request = Assert.Single(webhookEvents);
        Assert.Equal("Serilog.AspNetCore.RequestLoggingMiddleware", request["Properties"]!["SourceContext"]!.GetValue<string>());
        Assert.Equal("Buffered", request["Properties"]!["WebhookStatus"]!.GetValue<string>());
        Assert.Equal("finbox", request["Properties"]!["WebhookSource"]!.GetValue<string>());
        Assert.StartsWith("fbx1-", request["Properties"]!["WebhookEventId"]!.GetValue<string>(), StringComparison.Ordinal);

        // Never the body.
        Assert.DoesNotContain("Asha", text, StringComparison.Ordinal);
        Assert.DoesNotContain("9812345678", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Disbursed to", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AtDebug_TheWebhookLineKeepsBothItsEventId_AndTheWebhooksOwnId()
    {
        // The line's webhook id was a template property named EventId, the name the logging pipeline gives the log event's
        // own id ({Id, Name}): one of the two was lost.
        const string Body = """{"customerID":"LOG-2","eventType":"loan_disbursed","source":"test"}""";
        var events = await LoggedEventsAsync(async factory =>
        {
            var response = await factory.CreateClient().PostAsync("/webhooks/finbox", new StringContent(Body, System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        }, minimumLevel: "Debug");

        var line = Assert.Single(events, e => e["MessageTemplate"]?.GetValue<string>()?.StartsWith("Webhook {Source} event", StringComparison.Ordinal) == true);
        Assert.Equal(2003, line["Properties"]!["EventId"]!["Id"]!.GetValue<int>());
        Assert.StartsWith("fbx1-", line["Properties"]!["WebhookEventId"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EachRequestLineNamesThePrincipalAndTheClientAddress_TheAuditTrailsOne_AndNothingOfTheKeyOrCookie()
    {
        // Session 46: the request line said neither who nor from where. Over real HTTP (a socket address), with a forged
        // X-Forwarded-For from an unlisted peer (ignored, as the audit trail ignores it) and a mobile in the user agent.
        string? cookie = null;
        var events = (await LoggedEventsAsync(async factory =>
            {
                factory.UseKestrelOnLoopback();
                factory.StartServer();
                var operatorClient = factory.CreateClient(TestPrincipals.KeyOf("Operator"));
                operatorClient.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.9");
                operatorClient.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", "log-test/1.0 9812345678");
                await operatorClient.GetAsync("/api/instances?take=1");

                using var signIn = new HttpRequestMessage(HttpMethod.Post, "/api/session");
                signIn.Headers.Add("X-Api-Key", TestPrincipals.KeyOf("Viewer"));
                var signedIn = await factory.CreateClient().SendAsync(signIn);
                Assert.Equal(System.Net.HttpStatusCode.OK, signedIn.StatusCode);
                cookie = Assert.Single(signedIn.Headers.GetValues("Set-Cookie")).Split(';')[0];
                var browser = factory.CreateClient();
                browser.DefaultRequestHeaders.Add("Cookie", cookie);
                await browser.GetAsync("/api/workflows");

                await factory.CreateClient().GetAsync("/api/audit");
            }, TestPrincipals.Settings()))
            .Where(e => e["Properties"]?["SourceContext"]?.GetValue<string>() == "Serilog.AspNetCore.RequestLoggingMiddleware")
            .ToList();
        var text = string.Join('\n', events.Select(e => e.ToJsonString()));
        JsonObject Line(string path) => Assert.Single(events, e => e["Properties"]!["RequestPath"]!.GetValue<string>() == path)["Properties"]!.AsObject();

        var byKey = Line("/api/instances?take=");
        Assert.Equal((TestPrincipals.NameOf("Operator"), "127.0.0.1"),
            (byKey[LoggingSetup.PrincipalProperty]!.GetValue<string>(), byKey[LoggingSetup.ClientAddressProperty]!.GetValue<string>()));
        var bySession = Line("/api/workflows");
        Assert.Equal((TestPrincipals.NameOf("Viewer"), "127.0.0.1"),
            (bySession[LoggingSetup.PrincipalProperty]!.GetValue<string>(), bySession[LoggingSetup.ClientAddressProperty]!.GetValue<string>()));

        // No credentials: no principal, the address still.
        var anonymous = Line("/api/audit");
        Assert.Equal(401, anonymous["StatusCode"]!.GetValue<int>());
        Assert.Null(anonymous[LoggingSetup.PrincipalProperty]);
        Assert.Equal("127.0.0.1", anonymous[LoggingSetup.ClientAddressProperty]!.GetValue<string>());

        Assert.DoesNotContain("203.0.113.9", text, StringComparison.Ordinal);
        Assert.DoesNotContain("9812345678", text, StringComparison.Ordinal);
        Assert.DoesNotContain(TestPrincipals.KeyOf("Operator"), text, StringComparison.Ordinal);
        Assert.DoesNotContain(TestPrincipals.KeyOf("Viewer"), text, StringComparison.Ordinal);
        Assert.NotNull(cookie);
        Assert.DoesNotContain(cookie.Split('=', 2)[1], text, StringComparison.Ordinal);
    }

    /// <summary>
    /// Sends <paramref name="requests"/> to a server that logs to a JSON file in a temporary directory, stops it (so every
    /// event is written), and reads every event of the file back.
    /// </summary>
    private static async Task<List<JsonObject>> LoggedEventsAsync(Func<ServerFactory, Task> requests, Dictionary<string, string?>? more = null, string? minimumLevel = null)
    {
        var directory = Directory.CreateTempSubdirectory("lj-logs-").FullName;
        try
        {
            var settings = new Dictionary<string, string?>(more ?? new Dictionary<string, string?>(), StringComparer.Ordinal)
            {
                ["Serilog:File:Path"] = Path.Combine(directory, "server-.json"),
            };
            if (minimumLevel is not null)
            {
                settings["Serilog:MinimumLevel:Default"] = minimumLevel;
            }

            using (var factory = new ServerFactory(settings))
            {
                await requests(factory);
            }

            return Directory.GetFiles(directory, "server-*.json")
                .SelectMany(File.ReadAllLines)
                .Select(line => JsonNode.Parse(line)!.AsObject())
                .ToList();
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

    // Walk 49: the README's credit-line purchase, POST /sandbox/finbox/users/CL-1/creditline/transactions, logged CL-1 whole.
    [Theory]
    [InlineData("/sandbox/finbox/users/CL-1/creditline/transactions", "/sandbox/finbox/users/***/creditline/transactions")]
    [InlineData("/sandbox/finbox/users/CUST-DEMO-PL-1/kyc-hold", "/sandbox/finbox/users/***/kyc-hold")]
    [InlineData("/sandbox/counters/CUST-DEMO-PL-1", "/sandbox/counters/***")]
    [InlineData("/sandbox/counters", "/sandbox/counters")]
    public void Enrich_MasksTheCustomerIdOfTheSandboxsCustomerRoutes(string path, string logged)
    {
        var logEvent = new LogEvent(DateTimeOffset.UnixEpoch, LogEventLevel.Information, null, new MessageTemplateParser().Parse("x"),
            [new LogEventProperty("RequestPath", new ScalarValue(path))]);

        new MaskedRequestPathEnricher().Enrich(logEvent, null!);

        Assert.Equal($"\"{logged}\"", logEvent.Properties["RequestPath"].ToString());
    }
}
