using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LoanJourney.Server.Tests.Support;
using LoanJourney.TestSupport;
using Microsoft.Data.Sqlite;

namespace LoanJourney.Server.Tests.Design;

/// <summary>Issue 13, test runs over real HTTP: a draft run against the embedded sandbox's scenarios, on a store of its own.</summary>
public sealed class DraftTestRunTests(SandboxKestrelServer server) : IClassFixture<SandboxKestrelServer>
{
    private const string PersonalLoan = "finbox-personal-loan";
    private const string PayLater = "capitalfloat-paylater";
    private const string Handshake = "partner-handshake";
    private const string Sdk = "finbox-sdk-journey";
    private readonly HttpClient _api = server.CreateApiClient();

    [Fact]
    public async Task PersonalLoanDraft_OverAllItsScenarios_EndsAsTheReadmeTableSays_AndTheRealStoreHasNoInstance()
    {
        // The shipped definition, imported as a draft (the file has comments; the API takes plain JSON).
        var file = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", PersonalLoan + ".json"));
        var definition = JsonNode.Parse(file, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })!;
        var imported = await _api.PostAsync("/api/workflows/import", Api.Json(definition.ToJsonString()));
        Assert.Equal(HttpStatusCode.Created, imported.StatusCode);

        var response = await _api.PostAsync($"/api/workflows/{PersonalLoan}/draft/test-runs", Api.Json("{}"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var run = JsonNode.Parse(body)!.AsObject();
        Assert.False(run["timedOut"]!.GetValue<bool>(), body);
        var results = run["scenarios"]!.AsArray().ToDictionary(s => s!["scenario"]!.GetValue<string>(), s => s!.AsObject());

        // The happy path and every FinBox Prism v2 row of the README's table; nothing for v1, Capital Float or the handshake.
        Assert.Equal(["0000", "0001", "0002", "0003", "0004", "0005", "0007", "0008", "0013", "0014", "0015", "9999"], results.Keys.Order().ToArray());
        var expected = new Dictionary<string, string>
        {
            ["9999"] = "Disbursed", // happy path
            ["0000"] = "Rejected", // BRE REJECTED
            ["0001"] = "Disbursed", // BRE FAILED, SUCCESS on re-trigger
            ["0002"] = "Disbursed", // KYC ACTION_PENDING a few polls, then APPROVED
            ["0004"] = "Rejected", // KYC REJECTED
            ["0005"] = "Rejected", // agreement REJECTED
            ["0008"] = "Disbursed", // agreement FAILED once, SUCCESS on re-trigger
            ["0013"] = "Rejected", // BRE REJECTED by the lender
            ["0014"] = "Disbursed", // KYC in manual review, then APPROVED
            ["0015"] = "Rejected", // KYC in manual review, then REJECTED
        };
        foreach (var (scenario, outcome) in expected)
        {
            var result = results[scenario];
            Assert.True(result["finished"]!.GetValue<bool>(), result.ToJsonString());
            Assert.Equal("Completed", result["status"]!.GetValue<string>());
            Assert.Equal(outcome, result["outcome"]?.GetValue<string>());
            Assert.Empty(result["incidents"]!.AsArray());
            Assert.Equal(result["lenderCalls"]!.AsArray().Count, result["lenderCallCount"]!.GetValue<int>());
            Assert.All(result["lenderCalls"]!.AsArray(), c => Assert.NotNull(c!["operation"]));
        }

        Assert.Equal("disbursed", StepPath(results["9999"])[^1]);
        Assert.Equal(["partnerAwaits", "createUser", "updateDetails", "bre", "shareRejected", "rejected"], StepPath(results["0000"]));
        Assert.Equal("rejected", StepPath(results["0004"])[^1]);
        Assert.Contains("kyc", StepPath(results["0004"]));

        // 0001: the BRE step called FinBox more often than on the happy path (the re-trigger), each call answered by the sandbox.
        Assert.True(CallsOf(results["0001"], "bre") > CallsOf(results["9999"], "bre"), results["0001"].ToJsonString());
        Assert.All(results["0001"]["lenderCalls"]!.AsArray(), c => Assert.Equal(200, c!["httpStatus"]!.GetValue<int>()));

        // 0003 (banking FAILED, SUCCESS on re-upload): the journey waits for the borrower's new statement, which a test run does not send.
        var reupload = results["0003"];
        Assert.False(reupload["finished"]!.GetValue<bool>());
        Assert.Equal("Waiting", reupload["status"]!.GetValue<string>());
        Assert.Contains(reupload["waitingFor"]!.AsArray(), w => w!["kind"]!.GetValue<string>() == "Signal" && w["name"]!.GetValue<string>() == "reupload-statement");
        Assert.Equal("banking", StepPath(reupload)[^1]);

        // 0007 (KYC FAILED once, APPROVED on re-trigger): the re-trigger is an operator's retry of the incident the journey raises.
        var kycFailed = results["0007"];
        Assert.Equal("Faulted", kycFailed["status"]!.GetValue<string>());
        var incident = Assert.Single(kycFailed["incidents"]!.AsArray())!;
        Assert.Equal("kyc", incident["stepId"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(incident["id"]?.GetValue<string>()), $"a test run's incident has its id (session 46): {incident.ToJsonString()}");
        Assert.Contains("GKD-E-000", incident["message"]!.GetValue<string>(), StringComparison.Ordinal);

        // Nothing ran in the real store.
        var instances = await (await _api.GetAsync("/api/instances")).ReadObjectAsync();
        Assert.Equal(0, instances["total"]!.GetValue<long>());
    }

    [Fact]
    public async Task KycHoldScenarios_AreDescribedWithTheSandboxsNumberOfPolls_NotTheOptionsName()
    {
        // Walk 52/53: the designer's table described 0002 and 0014 as "for KycActionPendingPolls polls" (the sandbox option's
        // name). The answer now says the number this server's sandbox holds KYC for (3 by default, which this server keeps).
        await ImportAsync(PersonalLoan);

        var results = await TestRunScenariosAsync(PersonalLoan, """{"scenarios":["0002","0014"]}""");

        Assert.Equal("KYC ACTION_PENDING (SUBMIT_CKYC_OTP) for 3 status polls (Sandbox:KycActionPendingPolls), then APPROVED",
            results["0002"]["description"]!.GetValue<string>());
        Assert.Equal("KYC in manual review (manualReviewRequired, MANUAL_REVIEW_REQUIRED) for 3 status polls (Sandbox:KycActionPendingPolls), then APPROVED",
            results["0014"]["description"]!.GetValue<string>());
    }

    [Fact]
    public async Task PayLaterDraft_ByDefault_RunsEveryCapitalFloatScenario_AndEachEndsAsItsDescriptionSays()
    {
        await ImportAsync(PayLater);

        var results = await TestRunScenariosAsync(PayLater, "{}");

        // Before, 0023 and 0024 were left out of the default and described as the happy path when asked for, and 0022 said
        // "-400 on block" though the limit check stops the journey at -300 before any block.
        Assert.Equal(["0020", "0021", "0022", "0023", "0024", "9999"], results.Keys.Order().ToArray());
        var expected = new (string Scenario, string Status, string? Outcome, string[] Path, string? Incident, string Says)[]
        {
            ("9999", "Completed", "Disbursed", ["partnerAwaits", "limit", "block", "otp", "tranche", "shareApproved", "disbursed"], null, "happy path"),
            ("0020", "Completed", "Rejected", ["partnerAwaits", "limit", "block", "shareBlockRejected", "blockRejected"], null,
                "pay-later passes the limit check, is refused at block and ends Rejected"),
            ("0021", "Completed", "LimitExceeded", ["partnerAwaits", "limit", "shareOverLimit", "overLimit"], null,
                "pay-later for more than 10000 ends LimitExceeded at the limit check, no block sent"),
            ("0022", "Faulted", null, ["partnerAwaits", "limit"], "-300", "pay-later stops at limit with an incident (-300), no block sent"),
            ("0023", "Completed", "Rejected", ["partnerAwaits", "limit", "shareLimitRejected", "blockRejected"], null,
                "pay-later ends Rejected at the limit check, no block sent"),
            ("0024", "Faulted", null, ["partnerAwaits", "limit"], "-700", "pay-later stops at limit with an incident (-700), no block sent"),
        };
        foreach (var (scenario, status, outcome, path, incident, says) in expected)
        {
            var result = results[scenario];
            var shown = result.ToJsonString();
            Assert.True(result["finished"]!.GetValue<bool>(), shown);
            Assert.Equal((scenario, status, outcome), (scenario, result["status"]!.GetValue<string>(), result["outcome"]?.GetValue<string>()));
            Assert.Equal(path, StepPath(result));
            Assert.Contains(says, result["description"]!.GetValue<string>(), StringComparison.Ordinal);
            var blocks = result["lenderCalls"]!.AsArray().Count(c => c!["operation"]?.GetValue<string>() == "CapitalFloat.Block");
            if (says.EndsWith("no block sent", StringComparison.Ordinal))
            {
                Assert.True(blocks == 0, $"{scenario} sent a block: {shown}");
            }

            if (incident is null)
            {
                Assert.Empty(result["incidents"]!.AsArray());
                continue;
            }

            var raised = Assert.Single(result["incidents"]!.AsArray())!;
            Assert.Equal("limit", raised["stepId"]!.GetValue<string>());
            Assert.StartsWith(incident + ":", raised["message"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        // 0020 is refused at the block itself (-900); 0023 never gets there: the limit check reads the sanction on hold.
        Assert.Contains(results["0020"]["lenderCalls"]!.AsArray(), c => c!["operation"]?.GetValue<string>() == "CapitalFloat.Block" && c["lenderCode"]?.GetValue<string>() == "-900");
        Assert.Equal(("Rejected", "Rejected"), (StepOutcome(results["0023"], "limit"), results["0023"]["outcome"]?.GetValue<string>()));
        Assert.Equal("OverLimit", StepOutcome(results["0021"], "limit"));
    }

    [Fact]
    public async Task NoDraft_Is404_AndBadScenarios_NameTheField()
    {
        await (await _api.PostAsync("/api/workflows/no-such-workflow/draft/test-runs", Api.Json("{}"))).AssertProblemAsync(HttpStatusCode.NotFound, "id");

        var id = "testrun-" + Guid.NewGuid().ToString("N")[..10];
        var created = await (await _api.PostAsync("/api/workflows", Api.Json(Definitions.Waiting(id, "V1").ToJsonString()))).ReadObjectAsync();
        var published = await _api.PostAsync($"/api/workflows/{id}/publish", Api.Json(new { expectedRevision = created["revision"]!.GetValue<long>(), reason = "test publish" }));
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        var noDraft = await (await _api.PostAsync($"/api/workflows/{id}/draft/test-runs", Api.Json("{}"))).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("no_draft", noDraft["code"]!.GetValue<string>());

        await (await _api.PostAsync($"/api/workflows/{id}/draft/test-runs", Api.Json("""{"scenarios":["0000","12a4"]}""")))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "scenarios[1]");
        await (await _api.PostAsync($"/api/workflows/{id}/draft/test-runs", Api.Json("""{"scenarios":[]}""")))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "scenarios");
    }

    [Fact]
    public async Task PayLaterDraft_Happy_GetsTheBorrowersOtpFromTheSandboxInbox_AndDisburses_WithoutTheOtpInTheReportOrTheLog()
    {
        await ImportAsync(PayLater);

        // The sample's input: the order id is derived from the instance, and the OTP step reads it from the block's output.
        var (sampled, _) = await TestRunAsync("""{"scenarios":["9999"]}""");
        Assert.Equal("Completed", sampled["status"]!.GetValue<string>());
        Assert.Equal("Disbursed", sampled["outcome"]?.GetValue<string>());

        // The run's store was under the server's data folder, never the shared temp directory, and is gone once it answered.
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(server.DataDirectory, "testruns")));

        // Given ids, so that the test can read the OTP the sandbox sent and look for it.
        var tag = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var orderId = "ORD-TR-" + tag;
        var (result, body) = await TestRunAsync(new JsonObject
        {
            ["scenarios"] = new JsonArray("9999"),
            ["input"] = new JsonObject { ["appId"] = $"CFAPP-OTP{tag}-1234", ["amount"] = 25000, ["orderId"] = orderId, ["partner"] = new JsonObject { ["verifiedCustomerRefId"] = "REF-" + tag } },
        }.ToJsonString());
        Assert.True(result["finished"]!.GetValue<bool>(), body);
        Assert.Equal("Completed", result["status"]!.GetValue<string>());
        Assert.Equal("Disbursed", result["outcome"]?.GetValue<string>());
        Assert.Equal(["partnerAwaits", "limit", "block", "otp", "tranche", "shareApproved", "disbursed"], StepPath(result));
        Assert.Equal("Verified", result["path"]!.AsArray().Single(p => p!["stepId"]!.GetValue<string>() == "otp")!["outcome"]!.GetValue<string>());
        var sent = Assert.Single(result["signalsSent"]!.AsArray())!.AsObject();
        Assert.Equal(["name", "signal", "source", "stepId"], sent.Select(p => p.Key).Order().ToArray());
        Assert.Equal(("otp", "otp", "sandbox"), (sent["name"]!.GetValue<string>(), sent["stepId"]!.GetValue<string>(), sent["source"]!.GetValue<string>()));
        Assert.Equal(("Taken", "Verified"), (sent["signal"]!["result"]!.GetValue<string>(), sent["signal"]!["stepOutcome"]!.GetValue<string>()));
        Assert.Contains(result["lenderCalls"]!.AsArray(), c => c!["stepId"]?.GetValue<string>() == "tranche"
            && c["operation"]?.GetValue<string>() == "CapitalFloat.CreateTranche" && c["httpStatus"]?.GetValue<int>() == 200);
        Assert.Empty(result["waitingFor"]!.AsArray());

        // The sandbox counted the run's block and tranche among test runs' calls, not among the counters of real journeys.
        var sandbox = server.CreateApiClient();
        var counters = await (await sandbox.GetAsync("/sandbox/counters?testRuns=true")).ReadObjectAsync();
        var appId = Assert.Single(counters.Select(c => c.Key), k => k.StartsWith($"CFAPP-OTP{tag}-", StringComparison.Ordinal));
        Assert.Equal((1, 1), (counters[appId]!["block"]!.GetValue<int>(), counters[appId]!["tranche"]!.GetValue<int>()));
        Assert.DoesNotContain((await (await sandbox.GetAsync("/sandbox/counters")).ReadObjectAsync()).Select(c => c.Key), k => k.Contains($"-OTP{tag}-", StringComparison.Ordinal));

        // The OTP the borrower "received" (the sandbox's inbox for that block) is in neither the answer nor the server's log. The
        // block is the test run's, so its OTP is in the test runs' inbox, not among real journeys' (docs/sandbox.md, "Counters").
        Assert.Equal(HttpStatusCode.NotFound, (await sandbox.GetAsync($"/sandbox/capitalfloat/otp?app_id={Uri.EscapeDataString(appId)}&order_id={orderId}")).StatusCode);
        var inbox = await (await sandbox.GetAsync($"/sandbox/capitalfloat/otp?app_id={Uri.EscapeDataString(appId)}&order_id={orderId}&testRuns=true")).ReadObjectAsync();
        Assert.True(inbox["verified"]!.GetValue<bool>());
        var otp = inbox["otp"]!.GetValue<string>();
        Assert.Matches("^[0-9]{6}$", otp);
        var alone = new Regex($"(?<![0-9.]){otp}(?![0-9])");
        Assert.DoesNotMatch(alone, body);
        var logs = await server.ReadLogsAsync();
        Assert.Contains("\"EventId\":{\"Id\":2102", logs, StringComparison.Ordinal); // the signal was logged (its name and source)
        Assert.DoesNotMatch(alone, logs);
    }

    [Fact]
    public async Task ATestRunsPartnerShare_IsCountedApartFromARealJourneysForTheSamePartnerReference()
    {
        await ImportAsync(PayLater);
        var tag = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var reference = "REF-CNT-" + tag;

        // 0021: above the credit limit, the journey tells the partner "not approved" (final_approval false) and ends LimitExceeded.
        var (result, body) = await TestRunAsync(new JsonObject
        {
            ["scenarios"] = new JsonArray("0021"),
            ["input"] = new JsonObject { ["appId"] = $"CFAPP-CNT{tag}-1234", ["amount"] = 25000, ["partner"] = new JsonObject { ["verifiedCustomerRefId"] = reference } },
        }.ToJsonString());
        Assert.Equal("LimitExceeded", result["outcome"]?.GetValue<string>());
        Assert.True(result["lenderCalls"]!.AsArray().Any(c => c!["operation"]?.GetValue<string>() == "Partner.ShareToken"), body);

        // Then a real journey for that partner customer sends the same decision: its lender client sends no test-run header.
        var sandbox = server.CreateApiClient();
        using var share = new HttpRequestMessage(HttpMethod.Post, "/sandbox/application/token")
        {
            Content = Api.Json(new JsonObject { ["verified_customer_ref_id"] = reference, ["final_approval"] = false }.ToJsonString()),
        };
        share.Headers.TryAddWithoutValidation("Authorization", "real-journey");
        Assert.Equal(HttpStatusCode.OK, (await sandbox.SendAsync(share)).StatusCode);

        // The real journey's share is a first decision, not a re-send of the test run's; the run's share is in the test runs' book.
        var journeys = await (await sandbox.GetAsync("/sandbox/counters")).ReadObjectAsync();
        Assert.Equal("""{"tokenShare":1}""", journeys[reference]!.ToJsonString());
        Assert.DoesNotContain(journeys.Select(c => c.Key), k => k.Contains(tag, StringComparison.Ordinal) && k != reference);
        var testRuns = await (await sandbox.GetAsync("/sandbox/counters?testRuns=true")).ReadObjectAsync();
        var runReference = Assert.Single(testRuns.Select(c => c.Key), k => k.StartsWith(reference + "-TR", StringComparison.Ordinal));
        Assert.Equal("""{"tokenShare":1}""", testRuns[runReference]!.ToJsonString());

        // What the partner received is listed the same way: the real journey's share by default, the run's with testRuns=true.
        static IEnumerable<string> References(JsonNode shares) => shares.AsArray().Select(s => s!["Share"]!["verified_customer_ref_id"]!.GetValue<string>());
        Assert.Equal([reference], References(JsonNode.Parse(await sandbox.GetStringAsync("/sandbox/partner/token-shares"))!).Where(r => r.Contains(tag, StringComparison.Ordinal)));
        Assert.Equal([runReference], References(JsonNode.Parse(await sandbox.GetStringAsync("/sandbox/partner/token-shares?testRuns=true"))!).Where(r => r.Contains(tag, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task PayLaterDraft_WithAWrongOtpFromTheRequest_SendsItAtEachWait_UntilTheAttemptsAreExhausted_AndTheBlockIsCancelled()
    {
        await ImportAsync(PayLater);

        var (result, body) = await TestRunAsync("""{"scenarios":["9999"],"signals":{"otp":{"otp":"000000"}}}""");
        Assert.True(result["finished"]!.GetValue<bool>(), body);
        Assert.Equal("Completed", result["status"]!.GetValue<string>());
        Assert.Equal("BlockCancelled", result["outcome"]?.GetValue<string>());
        Assert.Equal(["partnerAwaits", "limit", "block", "otp", "cancelBlock", "shareCancelled", "blockCancelled"], StepPath(result));
        Assert.Equal("AttemptsExhausted", result["path"]!.AsArray().Single(p => p!["stepId"]!.GetValue<string>() == "otp")!["outcome"]!.GetValue<string>());

        // maxAttempts (3) wrong OTPs: one per wait, each wait a new one after the refusal.
        var sent = result["signalsSent"]!.AsArray();
        Assert.Equal(3, sent.Count);
        Assert.All(sent, s => Assert.Equal(("otp", "otp", "request"), (s!["name"]!.GetValue<string>(), s["stepId"]!.GetValue<string>(), s["source"]!.GetValue<string>())));
        // Each send carries the step's answer to it, as the signal route's 202 does (session 49): asked again with the attempts
        // left (so the run sends again), then taken by the step that gives up.
        Assert.Equal(
            [("AskedAgain", "OtpIncorrect", (int?)2, null), ("AskedAgain", "OtpIncorrect", 1, null), ("Taken", null, null, "AttemptsExhausted")],
            sent.Select(s => s!["signal"]!).Select(a => (a["result"]!.GetValue<string>(), a["reason"]?.GetValue<string>(), a["attemptsLeft"]?.GetValue<int?>(), a["stepOutcome"]?.GetValue<string>())));
        Assert.Equal(3, result["lenderCalls"]!.AsArray().Count(c => c!["operation"]?.GetValue<string>() == "CapitalFloat.VerifyBlockOtp"));
        Assert.DoesNotContain(result["lenderCalls"]!.AsArray(), c => c!["operation"]?.GetValue<string>() == "CapitalFloat.CreateTranche");
        Assert.Contains(result["lenderCalls"]!.AsArray(), c => c!["operation"]?.GetValue<string>() == "CapitalFloat.CancelBlock");
        // The OTP sent is nowhere in the answer, the lender calls' bodies included (the recorder leaves it out of the verify
        // request). Quoted: the limit check's answer holds "5000000".
        Assert.DoesNotContain("\"000000\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain(result["lenderCalls"]!.AsArray(), c => c!["request"]?.ToJsonString().Contains("otp\"", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task PayLaterDraft_WithTheOtpSignalNull_SendsNothing_AndTheOtpTimesOut()
    {
        await ImportAsync(PayLater);

        // Two simulated minutes for the borrower (two seconds of real time), instead of the default ten.
        var (result, body) = await TestRunAsync("""
            {"scenarios":["9999"],"signals":{"otp":null},
             "input":{"appId":"CFAPP-DEMO-1234","amount":25000,"otpTimeout":"00:02:00","partner":{"verifiedCustomerRefId":"PARTNER-REF-PAYLATER-1"}}}
            """);
        Assert.True(result["finished"]!.GetValue<bool>(), body);
        Assert.Equal("BlockCancelled", result["outcome"]?.GetValue<string>());
        Assert.Equal("TimedOut", result["path"]!.AsArray().Single(p => p!["stepId"]!.GetValue<string>() == "otp")!["outcome"]!.GetValue<string>());
        Assert.Empty(result["signalsSent"]!.AsArray());
        Assert.DoesNotContain(result["lenderCalls"]!.AsArray(), c => c!["operation"]?.GetValue<string>() == "CapitalFloat.VerifyBlockOtp");
    }

    [Fact]
    public async Task BadSignals_AreRefused_NamingTheField()
    {
        await ImportAsync(PayLater);
        var url = $"/api/workflows/{PayLater}/draft/test-runs";

        await (await _api.PostAsync(url, Api.Json("""{"signals":[]}"""))).AssertProblemAsync(HttpStatusCode.BadRequest, "signals");
        await (await _api.PostAsync(url, Api.Json("""{"signals":"otp"}"""))).AssertProblemAsync(HttpStatusCode.BadRequest, "signals");
        await (await _api.PostAsync(url, Api.Json("""{"signals":{"otp":5}}"""))).AssertProblemAsync(HttpStatusCode.BadRequest, "signals.otp");
        await (await _api.PostAsync(url, Api.Json("""{"signals":{"otp":"123456"}}"""))).AssertProblemAsync(HttpStatusCode.BadRequest, "signals.otp");
        await (await _api.PostAsync(url, Api.Json("""{"signals":{"otp":{"otp":"1"},"re upload":{}}}"""))).AssertProblemAsync(HttpStatusCode.BadRequest, "signals.re upload");
        await (await _api.PostAsync(url, Api.Json("""{"signals":{"-otp":null}}"""))).AssertProblemAsync(HttpStatusCode.BadRequest, "signals.-otp");
        await (await _api.PostAsync(url, Api.Json("""{"signal":{}}"""))).AssertProblemAsync(HttpStatusCode.BadRequest, "signal");
    }

    [Fact]
    public async Task WebhooksTheSandboxSendsForATestRunsJourneys_ReachTheTestRunsEngine_AndNoneIsLeftInTheRealInbox()
    {
        // The partner answers handshakes 0010 (verified) and 0012 (not) a second later, on the callback URL: before, that callback
        // went to the real store, where nothing waits, and the test run's journeys stayed Waiting at the handshake.
        await ImportAsync(Handshake);
        var handshakes = await TestRunScenariosAsync(Handshake, """{"scenarios":["0010","0012"]}""");
        // (0010 then starts the personal loan as a child journey, a workflow this test server has not published: that step's
        // incident is not the point; the handshake's outcome is.)
        Assert.Equal("Verified", StepOutcome(handshakes["0010"], "handshake"));
        Assert.Equal(["handshake", "loan"], StepPath(handshakes["0010"]));
        Assert.Equal("Rejected", StepOutcome(handshakes["0012"], "handshake"));
        Assert.Equal(("Completed", "Rejected"), (handshakes["0012"]["status"]!.GetValue<string>(), handshakes["0012"]["outcome"]?.GetValue<string>()));
        Assert.Equal(["handshake", "handshakeRejected"], StepPath(handshakes["0012"]));

        // FinBox v1 (the SDK journey) follows the borrower by webhooks as well as polls: the webhooks about the run's borrowers
        // (customer ids tagged -TR<tag>) are delivered to the run's engine.
        await ImportAsync(Sdk);
        // 0009: eligibility answers 409 "no eligibility data" and no eligibility webhook comes; the step polls until its time-out,
        // a simulated day. The run reports it waiting once the sandbox has had nothing to send for the borrower for 5 s (30 s
        // without moving, had the sandbox not been able to say; TestRunLimitsTests), instead of running to its time limit.
        var sdk = await TestRunScenariosAsync(Sdk, """{"scenarios":["9999","0009"]}""");
        Assert.Equal(("Completed", "Disbursed"), (sdk["9999"]["status"]!.GetValue<string>(), sdk["9999"]["outcome"]?.GetValue<string>()));
        var noEligibility = sdk["0009"];
        Assert.False(noEligibility["finished"]!.GetValue<bool>(), noEligibility.ToJsonString());
        Assert.Equal("Waiting", noEligibility["status"]!.GetValue<string>());
        Assert.Contains(noEligibility["waitingFor"]!.AsArray(), w => w!["kind"]!.GetValue<string>() == "Webhook" && w["stepId"]!.GetValue<string>() == "eligibility");
        // (TestRunScenariosAsync holds timedOut false: before, this scenario kept the whole run to its 2-minute limit.)

        // Each of those webhooks was taken by a test run's engine; none was left in the real store's inbox.
        var requests = (await server.ReadLogsAsync()).Split('\n')
            .Where(l => l.Contains("\"WebhookKey\"", StringComparison.Ordinal))
            .Select(l => JsonNode.Parse(l)!["Properties"]!.AsObject())
            .ToList();
        var handshakeKeys = requests.Where(p => p["WebhookSource"]?.GetValue<string>() == "partner").ToList();
        // (Every FinBox webhook this server gets is about a test run's borrower: nothing else here creates a v1 user. The log names
        // the customer by its hash, so the key cannot tell.)
        var finboxKeys = requests.Where(p => p["WebhookSource"]?.GetValue<string>() == "finbox").ToList();
        Assert.True(handshakeKeys.Count >= 2, string.Join('\n', requests));
        Assert.NotEmpty(finboxKeys);
        Assert.All(handshakeKeys.Concat(finboxKeys), p => Assert.Equal("test-run", p["WebhookRoute"]?.GetValue<string>()));
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(server.DataDirectory, "server.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM webhook_inbox WHERE key LIKE '%-TR%' OR key LIKE 'partner-handshake:%'";
        Assert.Equal(0L, (long)(await count.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task ATestRunsStore_WhileItsJourneyWaits_HoldsTheBorrowersPanMobileEmailAndNameOnlyEncrypted()
    {
        await ImportAsync(PersonalLoan);
        var tag = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var digits = Random.Shared.Next(1000, 9999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var pan = $"TRUNQ{digits}K";
        var email = $"run.{tag.ToLowerInvariant()}@borrower.example";
        var name = "Ishita Runwala";
        var input = await PersonalLoanInputAsync($"97{digits}1234", pan, email, name);

        // Scenario 0001: BRE FAILED on the first trigger, re-triggered after breRetryInterval. Eight simulated minutes (eight real
        // seconds) on a timer, after the borrower's data went to FinBox (create user, details): the store is read meanwhile.
        input["breRetryInterval"] = "00:08:00";
        var mobile = $"97{digits}0001"; // the run gives the mobile the scenario's last four digits
        var request = new JsonObject { ["scenarios"] = new JsonArray("0001"), ["input"] = input }.ToJsonString();
        var running = _api.PostAsync($"/api/workflows/{PersonalLoan}/draft/test-runs", Api.Json(request));

        var root = Path.Combine(server.DataDirectory, "testruns");
        var files = await Poll.UntilAsync(
            async () =>
            {
                var database = Directory.Exists(root) ? Directory.GetFiles(root, "testrun.db", SearchOption.AllDirectories).SingleOrDefault() : null;
                return database is not null && await WaitsAtBreAsync(database) ? Directory.GetFiles(Path.GetDirectoryName(database)!, "testrun.db*") : null;
            },
            f => f is not null,
            TimeSpan.FromSeconds(60),
            _ => "the test run's journey never waited at bre");
        Assert.Contains(files!, f => f.EndsWith("testrun.db-wal", StringComparison.Ordinal));
        var stored = new StringBuilder();
        foreach (var file in files!)
        {
            stored.Append(Encoding.UTF8.GetString(await ReadSharedAsync(file)));
        }

        // The journey's input is encrypted, and nothing of the borrower is anywhere in the database or its WAL in the clear
        // (the journal's lender calls hold the masked forms: XXXXX….K, XXXXXX0001, r***@…).
        foreach (var secret in new[] { pan, mobile, email, name })
        {
            Assert.False(stored.ToString().Contains(secret, StringComparison.Ordinal), $"The test run's store holds '{secret}' in the clear");
        }

        Assert.Contains("enc:v1:", stored.ToString(), StringComparison.Ordinal);
        Assert.Contains("XXXXX" + digits + "K", stored.ToString(), StringComparison.Ordinal);

        var response = await running;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var result = Assert.Single(JsonNode.Parse(body)!["scenarios"]!.AsArray())!;
        Assert.Equal(("Completed", "Disbursed"), (result["status"]!.GetValue<string>(), result["outcome"]?.GetValue<string>()));
        Assert.Empty(Directory.GetFileSystemEntries(root));
    }

    [Fact]
    public async Task ATestRunsLenderCalls_CarryEachCallsPathStatusDurationAndTheJournalsMaskedBodies_NeverTheBorrowerInTheClear()
    {
        await ImportAsync(PersonalLoan);
        var digits = Random.Shared.Next(1000, 9999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var pan = $"TRCAL{digits}K";
        var email = $"calls.{digits}@borrower.example";
        var name = "Meera Callwright";
        var input = await PersonalLoanInputAsync($"96{digits}1234", pan, email, name);
        var request = new JsonObject { ["scenarios"] = new JsonArray("9999"), ["input"] = input }.ToJsonString();

        var response = await _api.PostAsync($"/api/workflows/{PersonalLoan}/draft/test-runs", Api.Json(request));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var result = Assert.Single(JsonNode.Parse(body)!["scenarios"]!.AsArray())!.AsObject();
        Assert.Equal("Disbursed", result["outcome"]?.GetValue<string>());

        // Every call, in the journal's order, with what the journey view shows of it: path, status, code, duration, bodies.
        var calls = result["lenderCalls"]!.AsArray().Select(c => c!.AsObject()).ToList();
        Assert.Equal(result["lenderCallCount"]!.GetValue<int>(), calls.Count);
        Assert.True(calls.Count >= 5, body);
        var seqs = calls.Select(c => c["seq"]!.GetValue<long>()).ToList();
        Assert.Equal(seqs.Order().Distinct(), seqs);
        Assert.All(calls, c =>
        {
            Assert.StartsWith("/", c["path"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.True(c["latencyMs"]!.GetValue<double>() >= 0, c.ToJsonString());
            Assert.NotNull(c["at"]);
            Assert.NotNull(c["response"]);
        });
        var details = calls.First(c => c["stepId"]?.GetValue<string>() == "updateDetails");
        Assert.Equal("POST", details["method"]!.GetValue<string>());
        Assert.NotNull(details["request"]);

        // The bodies are the journal's, masked when the call was recorded: the borrower's PAN only as XXXXX…K, and nothing of
        // the borrower anywhere in the answer in the clear.
        Assert.Contains("XXXXX" + digits + "K", details["request"]!.ToJsonString(), StringComparison.Ordinal);
        foreach (var secret in new[] { pan, $"96{digits}9999", email, name }) // the run's mobile ends in the scenario's digits
        {
            Assert.DoesNotContain(secret, body, StringComparison.Ordinal);
        }
    }

    // True once the run's journey waits at the BRE step (its re-trigger timer).
    private static async Task<bool> WaitsAtBreAsync(string database)
    {
        try
        {
            await using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM instances WHERE status = 'Waiting' AND current_step = 'bre'";
            return (long)(await command.ExecuteScalarAsync())! == 1;
        }
        catch (SqliteException)
        {
            return false; // not created yet, or its schema not yet migrated
        }
    }

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    // Every scenario's result by scenario, of a test run of the draft of workflowId.
    private Task<Dictionary<string, JsonObject>> TestRunScenariosAsync(string workflowId, string request) => DraftTestRuns.RunAsync(_api, workflowId, request);

    private Task ImportAsync(string workflowId) => DraftTestRuns.ImportShippedAsync(_api, workflowId);

    // The personal loan's sample with a borrower of the test's own (mobile, PAN, email, name), to look for in the clear.
    private static async Task<JsonObject> PersonalLoanInputAsync(string mobile, string pan, string email, string name)
    {
        var input = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Workflows", "samples", PersonalLoan + ".json")))!.AsObject();
        input["mobile"] = mobile;
        var person = input["basicDetails"]!["personalDetails"]!;
        (person["pan"], person["email"], person["name"]) = (pan, email, name);
        return input;
    }

    // One scenario's result and the whole answer's text.
    private async Task<(JsonObject Result, string Body)> TestRunAsync(string request)
    {
        var response = await _api.PostAsync($"/api/workflows/{PayLater}/draft/test-runs", Api.Json(request));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var run = JsonNode.Parse(body)!.AsObject();
        Assert.False(run["timedOut"]!.GetValue<bool>(), body);
        return (Assert.Single(run["scenarios"]!.AsArray())!.AsObject(), body);
    }

    private static string[] StepPath(JsonObject result) => result["path"]!.AsArray().Select(s => s!["stepId"]!.GetValue<string>()).ToArray();

    private static string? StepOutcome(JsonObject result, string stepId) =>
        result["path"]!.AsArray().Single(s => s!["stepId"]!.GetValue<string>() == stepId)!["outcome"]?.GetValue<string>();

    private static int CallsOf(JsonObject result, string stepId) =>
        result["lenderCalls"]!.AsArray().Count(c => c!["stepId"]?.GetValue<string>() == stepId);
}
