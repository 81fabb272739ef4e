using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using LoanJourney.Server.Tests.Support;

namespace LoanJourney.Server.Tests.Design;

/// <summary>
/// Test runs of the journeys that start after disbursal, over real HTTP against the embedded sandbox: the run prepares, per
/// scenario and in the sandbox's test-run book, the disbursed loan (repayment) or the credit line borrower and purchase (credit
/// line order) the journey presupposes, and sends a default shipment (docs/api.md, "Test-run a draft"). Before, every
/// scenario of both ended at the first step: the sample's loan and borrower do not exist in the sandbox.
/// </summary>
public sealed class AfterDisbursalTestRunTests(SandboxKestrelServer server) : IClassFixture<SandboxKestrelServer>
{
    private const string Repayment = "finbox-repayment";
    private const string CreditLine = "finbox-credit-line-order";
    private const string Pdf = "JVBERi0xLjQKJSVFT0YK";
    private readonly HttpClient _api = server.CreateApiClient();

    [Fact]
    public async Task RepaymentDraft_ByDefault_RepaysALoanItPrepared_AndScenario0032IsRefusedAtRepay_AllInTheTestRunsBook()
    {
        await ImportAsync(Repayment);

        var results = await TestRunAsync(Repayment, "{}");

        Assert.Equal(["0032", "9999"], results.Keys.Order().ToArray());
        var happy = results["9999"];
        Assert.Equal(("Completed", "Repaid"), (happy["status"]!.GetValue<string>(), happy["outcome"]?.GetValue<string>()));
        Assert.Equal(["before", "repay", "settle", "repaid"], StepPath(happy));
        Assert.StartsWith("FBXREF-", happy["variables"]!["repaymentReferenceID"]!.GetValue<string>(), StringComparison.Ordinal);
        var loan = happy["prepared"]!["loanApplicationId"]!.GetValue<string>();
        Assert.NotEqual("c24ef33f-f167-46ed-89c7-d101e636b0a5", loan); // the sample's, which the sandbox does not know
        // Masked as every mobile the API shows (before: 9876509999, the synthetic borrower's whole number).
        Assert.Equal("XXXXXX9999", happy["prepared"]!["mobile"]!.GetValue<string>());

        var refused = results["0032"];
        Assert.Equal(("Completed", "Refused"), (refused["status"]!.GetValue<string>(), refused["outcome"]?.GetValue<string>()));
        Assert.Equal(["before", "repay", "refused"], StepPath(refused));
        Assert.Equal("Rejected", StepOutcome(refused, "repay"));

        // The prepared borrowers, their loans and their repayments are the test runs'; the real journeys' book has none of them.
        var sandbox = server.CreateApiClient();
        Assert.Equal(HttpStatusCode.OK, (await sandbox.GetAsync($"/sandbox/finbox/loans/{loan}?testRuns=true")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await sandbox.GetAsync($"/sandbox/finbox/loans/{loan}")).StatusCode);
        var customer = happy["prepared"]!["customerId"]!.GetValue<string>();
        var testRuns = await (await sandbox.GetAsync("/sandbox/counters?testRuns=true")).ReadObjectAsync();
        Assert.Equal("""{"repay":1}""", testRuns[customer]!.ToJsonString());
        var journeys = await (await sandbox.GetAsync("/sandbox/counters")).ReadObjectAsync();
        Assert.DoesNotContain(journeys.Select(c => c.Key), k => k.Contains("-TR", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RepaymentDraft_GivenATestRunsLoan_RepaysThatLoan_AndGivenAnyOtherLoan_PreparesOneAndNeverTouchesIt()
    {
        await ImportAsync(Repayment);
        var sandbox = server.CreateApiClient();
        var sample = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Workflows", "samples", Repayment + ".json")))!.AsObject();

        // A loan of the test runs' book (as a previous run's preparation, or a designer with the header, makes it): used as it is.
        var tag = Guid.NewGuid().ToString("N")[..8];
        var ownLoan = await CreateLoanAsync(sandbox, "OWN-" + tag, testRun: true);
        sample["loanApplicationID"] = ownLoan;
        var own = (await TestRunAsync(Repayment, new JsonObject { ["scenarios"] = new JsonArray("9999"), ["input"] = sample.DeepClone() }.ToJsonString()))["9999"];
        Assert.Equal("Repaid", own["outcome"]?.GetValue<string>());
        Assert.Equal(ownLoan, own["prepared"]!["loanApplicationId"]!.GetValue<string>());
        Assert.Null(own["prepared"]!["customerId"]);
        var ownCounts = await (await sandbox.GetAsync($"/sandbox/counters/OWN-{tag}?testRuns=true")).ReadObjectAsync();
        Assert.Equal("""{"repay":1}""", ownCounts.ToJsonString());

        // A real journeys' loan: a test run never repays it; it prepares a loan of its own instead.
        var realLoan = await CreateLoanAsync(sandbox, "REAL-" + tag, testRun: false);
        sample["loanApplicationID"] = realLoan;
        var real = (await TestRunAsync(Repayment, new JsonObject { ["scenarios"] = new JsonArray("9999"), ["input"] = sample.DeepClone() }.ToJsonString()))["9999"];
        Assert.Equal("Repaid", real["outcome"]?.GetValue<string>());
        Assert.NotEqual(realLoan, real["prepared"]!["loanApplicationId"]!.GetValue<string>());
        Assert.Equal("{}", (await (await sandbox.GetAsync($"/sandbox/counters/REAL-{tag}")).ReadObjectAsync()).ToJsonString());
        Assert.Equal("{}", (await (await sandbox.GetAsync($"/sandbox/counters/REAL-{tag}?testRuns=true")).ReadObjectAsync()).ToJsonString());
    }

    [Fact]
    public async Task RepaymentDraft_AScenarioWhoseApplicationNeverDisburses_IsNotStarted_WithTheSandboxsAnswer()
    {
        await ImportAsync(Repayment);

        var result = (await TestRunAsync(Repayment, """{"scenarios":["0006"]}"""))["0006"];

        Assert.Equal(("NotStarted", false), (result["status"]!.GetValue<string>(), result["finished"]!.GetValue<bool>()));
        Assert.Empty(result["path"]!.AsArray());
        Assert.Contains("POST /sandbox/finbox/loans answered 409", result["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(result["prepared"]);
    }

    [Fact]
    public async Task CreditLineDraft_ByDefault_ConfirmsTheOrderWithTheDefaultShipment_On0030_And0031EndsInactive_AllInTheTestRunsBook()
    {
        await ImportAsync(CreditLine);

        var results = await TestRunAsync(CreditLine, "{}");

        Assert.Equal(["0030", "0031"], results.Keys.Order().ToArray());
        var active = results["0030"];
        Assert.Equal(("Completed", "Confirmed"), (active["status"]!.GetValue<string>(), active["outcome"]?.GetValue<string>()));
        Assert.Equal(["purchase", "shipment", "confirm", "confirmed"], StepPath(active));
        var sent = Assert.Single(active["signalsSent"]!.AsArray())!;
        Assert.Equal(("shipment", "shipment", "default"), (sent["name"]!.GetValue<string>(), sent["stepId"]!.GetValue<string>(), sent["source"]!.GetValue<string>()));
        var prepared = active["prepared"]!;
        Assert.Equal(1000m, prepared["purchaseAmount"]!.GetValue<decimal>());
        Assert.Equal(prepared["purchaseTxnId"]!.GetValue<string>(), active["variables"]!["confirmedTxnIDs"]!.AsArray().Single()!.GetValue<string>());
        var customer = prepared["customerId"]!.GetValue<string>();
        Assert.StartsWith("CUST-DEMO-CL-1-TR", customer, StringComparison.Ordinal);
        Assert.Equal("XXXXXX0030", prepared["mobile"]!.GetValue<string>());

        var inactive = results["0031"];
        Assert.Equal(("Completed", "CreditLineInactive"), (inactive["status"]!.GetValue<string>(), inactive["outcome"]?.GetValue<string>()));
        Assert.Equal(["purchase", "inactive"], StepPath(inactive));
        Assert.Null(inactive["prepared"]!["purchaseTxnId"]);
        Assert.Empty(inactive["signalsSent"]!.AsArray());

        var sandbox = server.CreateApiClient();
        var testRuns = await (await sandbox.GetAsync("/sandbox/counters?testRuns=true")).ReadObjectAsync();
        Assert.Equal("""{"creditLineConfirm":1}""", testRuns[customer]!.ToJsonString());
        var journeys = await (await sandbox.GetAsync("/sandbox/counters")).ReadObjectAsync();
        Assert.DoesNotContain(journeys.Select(c => c.Key), k => k.Contains("-TR", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CreditLineDraft_WithAPartialShipmentFromTheRequest_SplitsAndConfirmsThePart_ThenConfirmsTheRest()
    {
        await ImportAsync(CreditLine);

        // Half of the prepared purchase (1000) each time the journey waits: the first splits, the second ships what is left.
        var shipment = new JsonObject
        {
            ["awbNo"] = "AWB-1", ["invoiceNo"] = "INV-1", ["podExtension"] = "pdf", ["podBase64"] = Pdf, ["invoiceExtension"] = "pdf", ["invoiceBase64"] = Pdf,
            ["amount"] = 500,
        };
        var result = (await TestRunAsync(CreditLine, new JsonObject { ["scenarios"] = new JsonArray("0030"), ["signals"] = new JsonObject { ["shipment"] = shipment } }.ToJsonString()))["0030"];

        Assert.Equal(("Completed", "Confirmed"), (result["status"]!.GetValue<string>(), result["outcome"]?.GetValue<string>()));
        Assert.Equal(["purchase", "shipment", "split", "confirmPart", "shipment", "confirm", "confirmed"], StepPath(result));
        Assert.Equal("PartlyShipped", result["path"]![1]!["outcome"]!.GetValue<string>());
        Assert.All(result["signalsSent"]!.AsArray(), s => Assert.Equal("request", s!["source"]!.GetValue<string>()));
        Assert.Equal(2, result["signalsSent"]!.AsArray().Count);
        Assert.Equal(2, result["variables"]!["confirmedTxnIDs"]!.AsArray().Count);
    }

    [Fact]
    public async Task CreditLineDraft_WithOnlyAnAmountAsTheShipment_TakesTheRestFromTheDefaultShipment_SplitsAndConfirmsBothParts()
    {
        await ImportAsync(CreditLine);

        // Before, the payload was sent as written: refused when sent, for lacking awbNo, and the order left waiting.
        var result = (await TestRunAsync(CreditLine, """{"scenarios":["0030"],"signals":{"shipment":{"amount":500}}}"""))["0030"];

        Assert.Equal(("Completed", "Confirmed"), (result["status"]!.GetValue<string>(), result["outcome"]?.GetValue<string>()));
        Assert.Equal(["purchase", "shipment", "split", "confirmPart", "shipment", "confirm", "confirmed"], StepPath(result));
        Assert.Equal("PartlyShipped", result["path"]![1]!["outcome"]!.GetValue<string>());
        Assert.Equal(2, result["signalsSent"]!.AsArray().Count);
        Assert.All(result["signalsSent"]!.AsArray(), s => Assert.Equal("request", s!["source"]!.GetValue<string>()));
        Assert.Null(result["error"]);
    }

    [Fact]
    public async Task CreditLineDraft_WithAShipmentOverTheOpenAmount_SendsItOnce_AndReportsTheRefusalWithItsReason()
    {
        await ImportAsync(CreditLine);

        // The step refuses 5000 of an open 1000 and waits again: before, the run sent the same refused shipment 10 times.
        var shipment = new JsonObject
        {
            ["awbNo"] = "AWB-1", ["invoiceNo"] = "INV-1", ["podExtension"] = "pdf", ["podBase64"] = Pdf, ["invoiceExtension"] = "pdf", ["invoiceBase64"] = Pdf,
            ["amount"] = 5000,
        };
        var result = (await TestRunAsync(CreditLine, new JsonObject { ["scenarios"] = new JsonArray("0030"), ["signals"] = new JsonObject { ["shipment"] = shipment } }.ToJsonString()))["0030"];

        Assert.Equal(("Waiting", false), (result["status"]!.GetValue<string>(), result["finished"]!.GetValue<bool>()));
        Assert.Equal(["purchase", "shipment"], StepPath(result));
        var sent = Assert.Single(result["signalsSent"]!.AsArray())!;
        Assert.Equal(("shipment", "shipment", "request"), (sent["name"]!.GetValue<string>(), sent["stepId"]!.GetValue<string>(), sent["source"]!.GetValue<string>()));
        Assert.Equal("Step 'shipment' refused the 'shipment' signal (the shipped amount 5000 is above the open amount 1000); the same answer is not sent again, so the journey was left to wait.",
            result["error"]?.GetValue<string>());
        Assert.Contains(result["waitingFor"]!.AsArray(), w => w!["name"]!.GetValue<string>() == "shipment");
    }

    [Fact]
    public async Task CreditLineDraft_WithTheShipmentSignalNull_WaitsForTheShipment()
    {
        await ImportAsync(CreditLine);

        var result = (await TestRunAsync(CreditLine, """{"scenarios":["0030"],"signals":{"shipment":null}}"""))["0030"];

        Assert.Equal(("Waiting", false), (result["status"]!.GetValue<string>(), result["finished"]!.GetValue<bool>()));
        Assert.Equal(["purchase", "shipment"], StepPath(result));
        Assert.Contains(result["waitingFor"]!.AsArray(), w => w!["name"]!.GetValue<string>() == "shipment");
        Assert.Empty(result["signalsSent"]!.AsArray());
    }

    private static async Task<string> CreateLoanAsync(HttpClient sandbox, string customerId, bool testRun)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/sandbox/finbox/loans")
        {
            Content = Api.Json(new JsonObject { ["customerID"] = customerId, ["mobile"] = "9876509999" }.ToJsonString()),
        };
        if (testRun)
        {
            request.Headers.Add(LoanJourney.Sandbox.SandboxTestRuns.Header, "by-hand");
        }

        using var response = await sandbox.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return JsonNode.Parse(body)!["loanApplicationID"]!.GetValue<string>();
    }

    private Task<Dictionary<string, JsonObject>> TestRunAsync(string workflowId, string request) => DraftTestRuns.RunAsync(_api, workflowId, request);

    // The draft may exist already (an earlier test of this class imported it).
    private Task ImportAsync(string workflowId) => DraftTestRuns.ImportShippedAsync(_api, workflowId, draftMayExist: true);

    private static string[] StepPath(JsonObject result) => result["path"]!.AsArray().Select(s => s!["stepId"]!.GetValue<string>()).ToArray();

    private static string? StepOutcome(JsonObject result, string stepId) =>
        result["path"]!.AsArray().Single(s => s!["stepId"]!.GetValue<string>() == stepId)!["outcome"]?.GetValue<string>();
}
