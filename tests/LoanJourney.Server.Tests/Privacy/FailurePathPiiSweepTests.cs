using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LoanJourney.Engine.Activities;
using LoanJourney.Server.Tests.Support;
using LoanJourney.Server.Tests.Telemetry;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace LoanJourney.Server.Tests.Privacy;

/// <summary>
/// The borrower's data on the failure paths (DPDP; docs/server.md, "Logging"): one server on Kestrel with the embedded sandbox
/// over real HTTP, a real SQLite file and its JSON log at Debug (the framework's categories too), drives journeys carrying
/// recognisable PII through rejections, the sandbox's injected faults (HTTP 500, dropped calls, a lost answer), lender answers
/// that cannot be parsed, an activity that throws quoting its inputs, and bad starts, signals, webhooks and query values
/// carrying PII. Then everything an operator or a log pipeline sees — the log file, the log records exported over OTLP (to a
/// receiver in the test), problem details, instance views, journals with their lender call records, the audit trail, a draft
/// test run's report, exported spans — is searched for the raw values
/// and their obvious variants. Masked forms (<c>XXXXXX0000</c>) are what may be shown.
/// </summary>
[Collection(TelemetryRunsAlone.Name)]
public sealed class FailurePathPiiSweepTests
{
    internal const string Mobile = "9871230000";       // sandbox scenario 0000: BRE rejected
    private const string FaultMobile = "9871230011";  // happy path, reached through injected faults
    private const string DropMobile = "9871230012";
    private const string GarbleMobile = "9871237777"; // its user/create answer is garbled (GarbledLenderAnswers)
    internal const string Pan = "QWERT5678Z";
    internal const string Aadhaar = "4321 8765 2109";
    internal const string Email = "zelda.quux@example.org";
    internal const string Name = "Zelda Quux";
    private const string Dob = "1987-03-21";
    private const string Address = "42 Pineapple Lane";
    private const string Account = "50100123456789";
    private const string WrongOtp = "734219";
    private const string PdfPassword = "Zq#Secret77";
    private const string LenderKey = "lk-SECRET-7f3a9c";
    private const string LenderAuthorization = "auth-SECRET-c41d";
    private const string Garble = "GARBLE-7777";

    [Fact]
    public async Task EveryFailurePath_ShowsAndLogsTheBorrowersDataMaskedOrNotAtAll()
    {
        var logs = Path.Combine(Path.GetTempPath(), "lj-pii-sweep-" + Guid.NewGuid().ToString("N"));
        var spans = new SpanCollection();
        var clock = Stopwatch.StartNew();
        await using var collector = await OtlpReceiver.StartAsync();
        try
        {
            using var server = new LenderServerFactory(
                services =>
                {
                    services.AddOpenTelemetry().WithTracing(t => t.AddInMemoryExporter(spans));
                    services.AddActivity<ExplodingActivity>();
                    // Free text is masked by pattern (PAN, mobile, email, an account number, a date given as a birth date); a name in
                    // it cannot be told from other words (docs/server.md). Walk 52: the account number and the birth date were kept.
                    services.AddSingleton<IStartupFilter>(new GarbledLenderAnswers(Garble,
                        $"<html><body>502 Bad Gateway: upstream refused PAN {Pan} for +91 {Mobile} ({Email}), a/c {Account}, refund to {Account}, born {Dob}, dob 21-03-1987</body></html>",
                        $$"""{"statusCode": {"pan": "{{Pan}}"}, "message": 12, "data": "mobile {{GarbleMobile}}, email {{Email}}"}"""));
                },
                Settings(logs, collector));
            var api = server.CreateApiClient();
            var seen = new List<(string Where, string Text)>();

            // 1. Injected faults, one kind at a time (the sandbox's faults are global): HTTP 500s, then a call dropped before it
            //    took effect and a money call whose answer is lost after it did (the client reconciles it).
            await PutFaultsAsync(api, """{"errorRate": 1}""");
            var erroring = await api.StartAsync("finbox-personal-loan", PersonalLoanInput(FaultMobile, "CUST-PII-FAULT"));
            await JournalUntilAsync(api, erroring, j => j.Contains("\"httpStatus\":500", StringComparison.Ordinal));
            await PutFaultsAsync(api, """{"dropBeforeCommit": ["v2/user/create"], "loseAnswerAfterCommit": ["paylater/block"]}""");
            var dropped = await api.StartAsync("finbox-personal-loan", PersonalLoanInput(DropMobile, "CUST-PII-DROP"));
            var lostBlock = await api.StartAsync("capitalfloat-paylater", new { appId = "CFAPP-PII-5001", amount = 25000, partner = new { verifiedCustomerRefId = "PARTNER-REF-1" } });
            await JournalUntilAsync(api, dropped, j => j.Contains("\"error\":\"", StringComparison.Ordinal));
            await api.WaitForStatusAsync(lostBlock, "Waiting"); // the lost block reconciled (-13 duplicate), at the OTP
            await PutFaultsAsync(api, "{}");

            // 2. Rejections, garbled answers, an activity that throws, a lender incident.
            var rejected = await api.StartAsync("finbox-personal-loan", PersonalLoanInput(Mobile, "CUST-PII-REJECT"));
            var garbledJson = await api.StartAsync("finbox-personal-loan", PersonalLoanInput(GarbleMobile, "CUST-" + Garble));
            var garbledHtml = await api.StartAsync("capitalfloat-paylater", new { appId = "CFAPP-" + Garble, amount = 25000, partner = new { verifiedCustomerRefId = "PARTNER-REF-1" } });
            var noApp = await api.StartAsync("capitalfloat-paylater", new { appId = "CFAPP-PII-0022", amount = 25000, partner = new { verifiedCustomerRefId = "PARTNER-REF-1" } });
            var exploded = await api.StartAsync("pii-explode", new { customerId = "CUST-PII-EXPLODE", pan = Pan, mobile = Mobile, email = Email, name = Name, dob = Dob });
            var otp = await api.StartAsync("capitalfloat-paylater", new { appId = "CFAPP-PII-1234", amount = 25000, partner = new { verifiedCustomerRefId = "PARTNER-REF-1" } });
            // A partner's handshake names the borrower's business, often the borrower's own name (walk 52: shown and logged whole).
            var partnerHandshake = await api.StartAsync("partner-handshake", new
            {
                customerRefId = "PARTNER-REF-PII-HS",
                customer = new { email = Email, phone = Mobile, customer_name = Name, business_name = Name + " Stores", resi_address = Address, resi_city = "Bengaluru" },
                loanWorkflowId = "finbox-personal-loan",
                loanInput = PersonalLoanInput(Mobile, "CUST-PII-HS"),
            });

            // 3. Bad requests carrying PII: every answer is kept and searched.
            async Task Keep(string where, Task<HttpResponseMessage> call)
            {
                var response = await call;
                seen.Add(($"{where} → {(int)response.StatusCode}", await response.Content.ReadAsStringAsync()));
            }

            var start = "/api/workflows/finbox-personal-loan/instances";
            await Keep("start, malformed JSON", api.PostAsync(start, Api.Json($$"""{"customerId":"c","mobile":"{{Mobile}}","pan": {{Pan}}}""")));
            await Keep("start, truncated JSON", api.PostAsync(start, Api.Json($$"""{"customerId":"c","mobile":"{{Mobile}}","pan":"{{Pan}}""")));
            await Keep("start, duplicate property", api.PostAsync(start, Api.Json($$"""{"mobile":"{{Mobile}}","mobile":"{{Pan}}"}""")));
            await Keep("start, wrong types", api.PostAsync(start, Api.Json($$$"""
                {"customerId":"c","mobile":{{{Mobile}}},"basicDetails":"{{{Pan}}} {{{Email}}}","consents":"{{{Aadhaar}}}","banking":{"accountNumber":{{{Account}}}},"breRetryInterval":"{{{Dob}}}","loan":{"amount":"{{{Pan}}}"}}
                """)));
            await Keep("start, bad formats", api.PostAsync(start, Api.Json(new
            {
                customerId = "c", mobile = Mobile + "9", consents = Array.Empty<object>(), banking = new { },
                basicDetails = new { personalDetails = new { pan = Pan.ToLowerInvariant(), name = Name, dob = "21-03-1987", email = "zelda.quux@", currentAddress = new { currentAddressLine1 = Address } } },
            })));
            await Keep("start, oversized", api.PostAsync(start, Api.Json(new { customerId = "c", mobile = Mobile, pad = string.Concat(Enumerable.Repeat($"{Pan} {Email} ", 800)) })));
            await Keep("start, unknown workflow named by a PAN", api.PostAsync($"/api/workflows/{Pan}/instances", Api.Json(new { mobile = Mobile })));
            await Keep("start, idempotency key reused", api.SendAsync(WithKey(start, PersonalLoanInput(Mobile, "CUST-PII-IDEM-1"))));
            await Keep("start, idempotency key reused", api.SendAsync(WithKey(start, PersonalLoanInput(Mobile, "CUST-PII-IDEM-2"))));
            await Keep("instance named by a PAN", api.GetAsync($"/api/instances/{Pan}"));
            await Keep("journal named by a mobile", api.GetAsync($"/api/instances/{Mobile}/journal"));
            await Keep("list, bad filter", api.GetAsync($"/api/instances?createdFrom={Pan}&correlationId={Uri.EscapeDataString(Email)}"));
            await Keep("journal, bad take", api.GetAsync($"/api/instances/{rejected}/journal?take={Mobile}x"));
            await Keep("audit, bad from", api.GetAsync($"/api/audit?from={Dob}T99"));

            await api.WaitForStatusAsync(otp, "Waiting");
            var signals = $"/api/instances/{otp}/signals";
            await Keep("signal, OTP as a number", api.PostAsync($"{signals}/otp", Api.Json($$"""{"otp": {{WrongOtp}}}""")));
            await Keep("signal, OTP as an object", api.PostAsync($"{signals}/otp", Api.Json($$$"""{"otp": {"value": "{{{WrongOtp}}}", "pan": "{{{Pan}}}"}}""")));
            await Keep("signal, malformed", api.PostAsync($"{signals}/otp", Api.Json($$"""{"otp": "{{WrongOtp}}", "mobile": {{Pan}}}""")));
            await Keep("signal, oversized", api.PostAsync($"{signals}/otp", Api.Json(new { otp = WrongOtp, pad = string.Concat(Enumerable.Repeat($"{Pan} ", 7000)) })));
            await Keep("signal named by a PAN", api.PostAsync($"{signals}/{Pan}", Api.Json(new { otp = WrongOtp })));
            await Keep("signal to a journey named by a mobile", api.PostAsync($"/api/instances/{Mobile}/signals/otp", Api.Json(new { otp = WrongOtp })));
            await Keep("signal, wrong OTP", api.PostAsync($"{signals}/otp", Api.Json(new { otp = WrongOtp })));
            await JournalUntilAsync(api, otp, j => j.Contains("\"lenderCode\":\"-23\"", StringComparison.Ordinal));
            var rightOtp = await OtpOfAsync(server.CreateClient(), "CFAPP-PII-1234");
            await Keep("signal, right OTP", api.PostAsync($"{signals}/otp", Api.Json(new { otp = rightOtp })));

            var finbox = "/webhooks/finbox";
            await Keep("FinBox webhook, PII as the event type", api.PostAsync(finbox, Api.Json(new { customerID = "CUST-PII-HOOK", eventType = $"{Pan} {Email}", eventDescription = $"mobile {Mobile}" })));
            await Keep("FinBox webhook, a mobile as the date", api.PostAsync(finbox, Api.Json($$"""{"customerID":"CUST-PII-HOOK","eventType":"kyc_success","loggedAt":{{Mobile}}}""")));
            await Keep("FinBox webhook, PII where the customer is", api.PostAsync(finbox, Api.Json($$"""{"customerID":{"pan":"{{Pan}}"},"eventType":"kyc_success"}""")));
            await Keep("FinBox webhook, malformed", api.PostAsync(finbox, Api.Json($$"""{"customerID":"{{Pan}}","eventType":{{Mobile}}x}""")));
            await Keep("FinBox webhook, oversized", api.PostAsync(finbox, Api.Json(new { customerID = "CUST-PII-HOOK", eventType = "kyc_success", pad = string.Concat(Enumerable.Repeat($"{Pan} ", 7000)) })));
            var handshake = "/webhooks/partner/handshake";
            await Keep("handshake webhook, PII as the handshake id", api.PostAsync(handshake, Api.Json(new { handshake_id = $"{Pan} {Mobile}", status = "1", customer_data = new { pan = Pan, phone = Mobile, email = Email } })));
            await Keep("handshake webhook, no status", api.PostAsync(handshake, Api.Json(new { handshake_id = Email, customer_data = new { pan = Pan } })));

            // 4. A draft test run's report (its scenarios' outcomes and incidents, its error): the personal loan's draft run with
            //    the borrower's input on a rejection, then with an input it refuses.
            var runs = "/api/workflows/finbox-personal-loan/draft/test-runs";
            var file = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "PiiSweepWorkflows", "finbox-personal-loan.json"));
            var definition = JsonNode.Parse(file, documentOptions: new System.Text.Json.JsonDocumentOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip })!;
            definition["version"] = definition["version"]!.GetValue<int>() + 1;
            var imported = await api.PostAsync("/api/workflows/import", Api.Json(definition.ToJsonString()));
            Assert.True(imported.StatusCode == HttpStatusCode.Created, await imported.Content.ReadAsStringAsync());
            await Keep("test run, a rejection", api.PostAsync(runs, Api.Json(new { scenarios = new[] { "0000", "0004" }, input = PersonalLoanInput(Mobile, "CUST-PII-RUN") })));
            await Keep("test run, invalid input", api.PostAsync(runs, Api.Json(new { scenarios = new[] { "0000" }, input = new { customerId = "c", mobile = Pan, basicDetails = new { personalDetails = new { pan = Mobile, email = Email } } } })));

            // 5. Wait for the journeys to settle where they end, then read what an operator sees of each.
            await api.WaitForStatusAsync(rejected, "Completed");
            await api.WaitForStatusAsync(exploded, "Faulted");
            await api.WaitForStatusAsync(noApp, "Faulted");
            await api.WaitForStatusAsync(garbledHtml, "Faulted");
            await api.WaitForStatusAsync(otp, "Completed");
            await api.WaitForStatusAsync(partnerHandshake, "Completed");
            await JournalUntilAsync(api, garbledJson, j => j.Contains("StepFaulted", StringComparison.Ordinal));
            foreach (var id in new[] { erroring, dropped, lostBlock, rejected, garbledJson, garbledHtml, noApp, exploded, otp, partnerHandshake })
            {
                seen.Add(($"instance {id}", await api.GetStringAsync($"/api/instances/{id}")));
                seen.Add(($"journal {id}", await api.GetStringAsync($"/api/instances/{id}/journal?take=1000")));
            }

            seen.Add(("instance list", await api.GetStringAsync("/api/instances?take=500")));
            seen.Add(("incident list", await api.GetStringAsync("/api/instances?hasIncident=true&take=500")));
            seen.Add(("audit trail", await api.GetStringAsync("/api/audit")));
            seen.Add(("spans", Describe(spans.Snapshot())));
            seen.Add(("log file", await LogFiles.ReadAsync(logs)));

            // The same log over OTLP, all of it once the server has stopped (its last batch is sent as it stops).
            server.Dispose();
            seen.Add(("OTLP logs", collector.Logs()));
            foreach (var expected in new[] { "LenderCallCompleted", "UnhandledException", "XXXXX5678Z" })
            {
                Assert.Contains(expected, seen[^1].Text, StringComparison.Ordinal);
            }

            // The sweep drove what it meant to: each failure path left its trace.
            var all = string.Join('\n', seen.Select(s => s.Text));
            foreach (var expected in new[] { "\"httpStatus\":500", "IncidentCreated", "UnhandledException", "payload_too_large", "signal_not_expected", "-23", "XXXXX5678Z" })
            {
                Assert.Contains(expected, all, StringComparison.Ordinal);
            }

            var leaks = (from s in seen from needle in Needles(rightOtp) from Match m in needle.Matches(s.Text) select Excerpt(s.Where, s.Text, m)).Distinct().ToList();
            Assert.True(leaks.Count == 0, $"PII on a failure path ({leaks.Count}; the sweep took {clock.Elapsed.TotalSeconds:0.0} s):\n" + string.Join("\n", leaks.Take(40)));
        }
        finally
        {
            try
            {
                Directory.Delete(logs, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    // The raw values and their obvious variants: case, a mobile with its country code (which contains the bare one), an
    // Aadhaar without its spaces, an email URL-encoded, a date turned around. Digits must stand alone (not inside an id or a
    // duration's decimals).
    // (ExceptionLoggingPiiTests searches for the same.)
    internal static Regex[] Needles(string rightOtp) =>
    [
        Digits("98712300[0-9]{2}"), Digits("9871237777"), new("91[ \\-]?98712(300[0-9]{2}|37777)"), new(Regex.Escape(Pan), RegexOptions.IgnoreCase),
        Digits(Aadhaar.Replace(" ", "", StringComparison.Ordinal)), new(Regex.Escape(Aadhaar)),
        new("zelda\\.quux(@|%40)", RegexOptions.IgnoreCase), new("Zelda|Quux", RegexOptions.IgnoreCase),
        new(Regex.Escape(Dob)), new("21-03-1987"), new("Pineapple", RegexOptions.IgnoreCase), Digits(Account),
        Digits(WrongOtp), Digits(rightOtp), new(Regex.Escape(PdfPassword)), new(LenderKey), new(LenderAuthorization),
    ];

    private static Regex Digits(string pattern) => new($"(?<![0-9A-Fa-f.]){pattern}(?![0-9A-Fa-f])");

    internal static string Excerpt(string where, string text, Match m)
    {
        var from = Math.Max(0, m.Index - 160);
        var to = Math.Min(text.Length, m.Index + m.Length + 80);
        return $"- [{where}] '{m.Value}' in …{text[from..to].ReplaceLineEndings(" ")}…";
    }

    private static Dictionary<string, string?> Settings(string logs, OtlpReceiver collector)
    {
        var settings = new Dictionary<string, string?>(collector.ServerSettings(), StringComparer.Ordinal)
        {
            ["Engine:DefinitionsDirectory"] = Path.Combine(AppContext.BaseDirectory, "PiiSweepWorkflows"),
            ["Serilog:File:Path"] = Path.Combine(logs, "server-.json"),
            ["Serilog:MinimumLevel:Default"] = "Debug",
            ["Serilog:MinimumLevel:Override:Microsoft.AspNetCore"] = "Debug",
            ["Serilog:MinimumLevel:Override:Microsoft.Extensions.Http"] = "Debug",
            ["Serilog:MinimumLevel:Override:System.Net.Http.HttpClient"] = "Debug",
            ["Server:MaxBodyBytes"] = "65536", // a workflow definition is imported
            ["Sandbox:ProcessingPolls"] = "1",
            ["Journeys:PollInterval"] = "00:00:00.050",
        };
        foreach (var lender in new[] { "FinBoxPrism", "FinBoxSourcing", "CapitalFloat", "Partner" })
        {
            settings[$"Lenders:{lender}:ApiKey"] = LenderKey;
            settings[$"Lenders:{lender}:Authorization"] = LenderAuthorization;
            settings[$"Lenders:{lender}:RetryBaseDelay"] = "00:00:00.010";
            settings[$"Lenders:{lender}:RetryMaxDelay"] = "00:00:00.020";
            settings[$"Lenders:{lender}:BreakerMinimumThroughput"] = "1000"; // the injected faults must not open the circuit for the others
        }

        return settings;
    }

    private static object PersonalLoanInput(string mobile, string customerId) => new
    {
        customerId,
        mobile,
        basicDetails = new
        {
            personalDetails = new
            {
                pan = Pan, name = Name, dob = Dob, gender = "Female", email = Email,
                currentAddress = new { pincode = "560095", currentAddressLine1 = Address, currentAddressLine2 = "Koramangala", currentAddressCity = "Bengaluru", currentAddressState = "Karnataka" },
            },
            // v4 declares personalDetails as FinBox documents it (session 46), so the Aadhaar and the bank account ride in the
            // free-form employmentDetails: still in the input, still sent to the lender, still to be found nowhere in the clear.
            employmentDetails = new
            {
                employmentType = "salaried", monthlyIncome = "85000", employmentOrganization = "Acme Pvt Ltd", aadhaar = Aadhaar,
                bankDetails = new { accountNumber = Account, ifsc = "HDFC0001234" },
            },
        },
        consents = new[] { new { type = "BUREAU_PULL", timestamp = "2026-01-10T10:00:00Z", body = "I agree to a bureau pull", ipAddress = "203.0.113.10", url = "https://partner.example/consent" } },
        banking = new
        {
            bankName = "HDFC",
            files = new[] { new { fileName = $"statement-{Pan}.pdf", contentBase64 = "JVBERi0xLjQKJSBzYW5kYm94IHN0YXRlbWVudAoxIDAgb2JqPDw+PmVuZG9iagp0cmFpbGVyPDw+PgolJUVPRgo=" } },
            pdfPassword = PdfPassword,
        },
        loan = new { amount = 150000, tenure = 12 },
    };

    private static HttpRequestMessage WithKey(string url, object input)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = Api.Json(input) };
        request.Headers.Add("Idempotency-Key", $"idem-{Pan}");
        return request;
    }

    private static async Task PutFaultsAsync(HttpClient api, string faults)
    {
        var response = await api.PutAsync("/sandbox/faults", Api.Json(faults));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<string> JournalUntilAsync(HttpClient api, string id, Func<string, bool> done)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var journal = await api.GetStringAsync($"/api/instances/{id}/journal?take=1000");
            if (done(journal))
            {
                return journal;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"Journey {id} did not get there: {journal}");
            await Task.Delay(25);
        }
    }

    // The block's OTP from the sandbox's inbox (the borrower's phone), once the block is there.
    private static async Task<string> OtpOfAsync(HttpClient sandbox, string appId)
    {
        var entries = JsonNode.Parse(await sandbox.GetStringAsync("/sandbox/capitalfloat/otp"))!.AsArray();
        return entries.Single(e => e!["app_id"]!.GetValue<string>() == appId)!["otp"]!.GetValue<string>();
    }

    internal static string Describe(List<System.Diagnostics.Activity> spans)
    {
        var text = new StringBuilder();
        foreach (var span in spans)
        {
            text.Append(span.DisplayName).Append(' ').Append(span.StatusDescription).Append('\n');
            foreach (var tag in span.TagObjects)
            {
                text.Append("  ").Append(tag.Key).Append('=').Append(tag.Value).Append('\n');
            }

            foreach (var e in span.Events)
            {
                text.Append("  event ").Append(e.Name).Append('\n');
                foreach (var tag in e.Tags)
                {
                    text.Append("    ").Append(tag.Key).Append('=').Append(tag.Value).Append('\n');
                }
            }
        }

        return text.ToString();
    }
}
