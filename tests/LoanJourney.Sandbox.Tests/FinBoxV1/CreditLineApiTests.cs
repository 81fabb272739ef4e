using System.Net;
using System.Text.Json;

namespace LoanJourney.Sandbox.Tests.FinBoxV1;

/// <summary>The v1 credit line over raw HTTP: scenario rows 0030 (ACTIVE) and 0031 (INACTIVE), purchases from the control route, the partner's decisions.</summary>
public sealed class CreditLineApiTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    // Leading bytes of a JPEG and of a PDF, as the seed's sample files start.
    private const string Jpg = "/9j/4AAQSkZJRg==";
    private const string Pdf = "JVBERi0xLjMNCg==";

    private readonly HttpClient _client = fixture.Client;

    private async Task<string> CustomerAsync(string scenario = "0030")
    {
        var customer = Wire.NewId("cl");
        using var created = await _client.FinBoxPost("/v1/user/create", $$"""{ "customerID": "{{customer}}", "mobile": "987654{{scenario}}" }""");
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        return customer;
    }

    private async Task<string> PurchaseAsync(string customer, decimal amount, string partnerTxnId = "1234OD123312")
    {
        using var response = await _client.PostAsync($"sandbox/finbox/users/{customer}/creditline/transactions", Json($$"""{ "amount": {{amount}}, "partnerTxnID": "{{partnerTxnId}}" }"""));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Json()).Str("txnID");
    }

    private async Task<List<JsonElement>> TransactionsAsync(string customer, string? partnerTxnId = null)
    {
        var query = partnerTxnId is null ? "" : $"&partnerTxnID={partnerTxnId}";
        var answer = await _client.FinBoxGet($"/v1/creditline/transactions?customerID={customer}{query}").Json();
        Assert.Equal("true", answer.Str("status"));
        return [.. answer.GetProperty("data").GetProperty("transactions").EnumerateArray()];
    }

    private async Task<(HttpStatusCode Code, string Error)> PostAsync(string path, string json)
    {
        using var response = await _client.FinBoxPost(path, json);
        return (response.StatusCode, (await response.Json()).Str("error"));
    }

    private static string Confirmation(string txnId, string podExtension = "jpg", string pod = Jpg, string invoice = Pdf) =>
        $$"""{ "txnID": "{{txnId}}", "awbNo": "AWB_NO_HERE", "invoiceNo": "INV-1", "podExtension": "{{podExtension}}", "podBase64": "{{pod}}", "invoiceExtension": "pdf", "invoiceBase64": "{{invoice}}" }""";

    private static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    private async Task<int> CountAsync(string customer, string operation) =>
        (await _client.GetAsync($"sandbox/counters/{customer}").Json()).TryGetProperty(operation, out var n) ? n.GetInt32() : 0;

    [Fact]
    public async Task Scenario0030UserHasAnActiveCreditLineWithTheDocumentedFields()
    {
        var customer = await CustomerAsync();

        var details = await _client.FinBoxGet($"/v1/creditline/details?customerID={customer}").Json();

        Assert.Equal(("true", "ACTIVE", "100000", "100000", ""), (details.Str("status"), details.Str("data.status"), details.Str("data.maxLimit"), details.Str("data.availableLimit"), details.Str("data.inactiveReason")));
        Assert.True(DateOnly.TryParseExact(details.Str("data.validity"), "yyyy-MM-dd", out _));
        var activity = await _client.FinBoxGet($"/v1/user/activity?customerID={customer}").Json();
        Assert.Equal("credit_line", activity.GetProperty("data").GetProperty("userActivityHistory")[0].Str("journeyType"));
    }

    [Fact]
    public async Task Scenario0031CreditLineIsInactiveWithAReasonAndRefusesPurchases()
    {
        var customer = await CustomerAsync("0031");

        var details = await _client.FinBoxGet($"/v1/creditline/details?customerID={customer}").Json();
        using var purchase = await _client.PostAsync($"sandbox/finbox/users/{customer}/creditline/transactions", Json("""{ "amount": 100 }"""));

        Assert.Equal(("INACTIVE", "50000"), (details.Str("data.status"), details.Str("data.maxLimit")));
        Assert.False(string.IsNullOrEmpty(details.Str("data.inactiveReason")));
        Assert.Equal(HttpStatusCode.Conflict, purchase.StatusCode);
    }

    [Fact]
    public async Task DetailsAndTransactionsAre403WithoutCustomerIdAnd404WithoutACreditLine()
    {
        var personalLoanUser = await CustomerAsync("1234");

        foreach (var path in new[] { "/v1/creditline/details", "/v1/creditline/transactions" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await _client.FinBoxGet(path)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await _client.FinBoxGet($"{path}?customerID={personalLoanUser}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await _client.FinBoxGet($"{path}?customerID=nobody")).StatusCode);
        }
    }

    [Fact]
    public async Task APurchaseIsListedProcessingWithoutEmisAndFilteredByPartnerTxnId()
    {
        var customer = await CustomerAsync();
        var txnId = await PurchaseAsync(customer, 1200, "1234OD123312");
        await PurchaseAsync(customer, 300, "OTHER");

        var txn = Assert.Single(await TransactionsAsync(customer, "1234OD123312"));

        Assert.Equal(2, (await TransactionsAsync(customer)).Count);
        Assert.Equal((txnId, "1234OD123312", "PROCESSING", "1200"), (txn.Str("txnID"), txn.Str("partnerTxnID"), txn.Str("txnStatus"), txn.Str("amount")));
        Assert.Equal(("24", "18", "1171.68", "reducing_balance"), (txn.Str("subventionAmount"), txn.Str("gst"), txn.Str("disbursalAmount"), txn.Str("emiCalculationMethod")));
        Assert.Equal(0, txn.GetProperty("emis").GetArrayLength());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$", txn.Str("createdAt"));
    }

    [Fact]
    public async Task PurchaseControlRouteRefusesUnknownUsersBadAmountsAndOverdrafts()
    {
        var customer = await CustomerAsync();
        await PurchaseAsync(customer, 99_000);

        using var unknown = await _client.PostAsync("sandbox/finbox/users/nobody/creditline/transactions", Json("""{ "amount": 1 }"""));
        using var zero = await _client.PostAsync($"sandbox/finbox/users/{customer}/creditline/transactions", Json("""{ "amount": 0 }"""));
        using var over = await _client.PostAsync($"sandbox/finbox/users/{customer}/creditline/transactions", Json("""{ "amount": 1000.01 }"""));

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.BadRequest, HttpStatusCode.Conflict), (unknown.StatusCode, zero.StatusCode, over.StatusCode));
    }

    [Fact]
    public async Task ConfirmMovesTheTransactionToConfirmedWithAnEmiAndDrawsTheLimitOnce()
    {
        var customer = await CustomerAsync();
        var txnId = await PurchaseAsync(customer, 1200);

        var first = await PostAsync("/v1/creditline/txn/confirm", Confirmation(txnId));
        var again = await PostAsync("/v1/creditline/txn/confirm", Confirmation(txnId));

        Assert.Equal(HttpStatusCode.OK, first.Code);
        Assert.Equal((HttpStatusCode.Forbidden, "only transaction with status PROCESSING can be updated"), again);
        var txn = Assert.Single(await TransactionsAsync(customer));
        Assert.Equal(("CONFIRMED", "INV-1"), (txn.Str("txnStatus"), txn.Str("invoiceNo")));
        var emi = Assert.Single(txn.GetProperty("emis").EnumerateArray());
        Assert.Equal(("1", "UNPAID", "", "1200"), (emi.Str("installmentNum"), emi.Str("status"), emi.Str("paidDate"), emi.Str("totalPayable")));
        Assert.Equal(["LATE_CHARGE", "NACH_BOUNCE_CHARGE", "LATE_INTEREST_CHARGE"], emi.GetProperty("charges").EnumerateArray().Select(c => c.Str("chargeType")));
        Assert.Equal("98800", (await _client.FinBoxGet($"/v1/creditline/details?customerID={customer}").Json()).Str("data.availableLimit"));
        Assert.Equal(2, await CountAsync(customer, "creditLineConfirm"));
    }

    [Fact]
    public async Task ConfirmAnswersEachDocumentedError()
    {
        var customer = await CustomerAsync();
        var txnId = await PurchaseAsync(customer, 500);

        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync("/v1/creditline/txn/confirm", "{}")).Code);
        Assert.Equal((HttpStatusCode.BadRequest, "Missing awbNo"), await PostAsync("/v1/creditline/txn/confirm", $$"""{ "txnID": "{{txnId}}" }"""));
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync("/v1/creditline/txn/confirm", Confirmation(txnId, podExtension: "gif"))).Code);
        Assert.StartsWith("Error decoding base 64", (await PostAsync("/v1/creditline/txn/confirm", Confirmation(txnId, pod: "not base64!"))).Error, StringComparison.Ordinal);
        Assert.StartsWith("Error processing file", (await PostAsync("/v1/creditline/txn/confirm", Confirmation(txnId, invoice: Jpg))).Error, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync("/v1/creditline/txn/confirm", Confirmation(Guid.NewGuid().ToString()))).Code);
        Assert.Equal("PROCESSING", (await TransactionsAsync(customer))[0].Str("txnStatus"));
        Assert.Equal(0, await CountAsync(customer, "creditLineConfirm"));
    }

    [Fact]
    public async Task CancelMovesTheTransactionToCancelledOnceAndLeavesTheLimit()
    {
        var customer = await CustomerAsync();
        var txnId = await PurchaseAsync(customer, 700);

        var first = await PostAsync("/v1/creditline/txn/cancel", $$"""{ "txnID": "{{txnId}}" }""");
        var again = await PostAsync("/v1/creditline/txn/cancel", $$"""{ "txnID": "{{txnId}}" }""");

        Assert.Equal(HttpStatusCode.OK, first.Code);
        Assert.Equal(HttpStatusCode.Forbidden, again.Code);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync("/v1/creditline/txn/cancel", "{}")).Code);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync("/v1/creditline/txn/cancel", """{ "txnID": "0e882dbd-3768-4c68-8986-57b68d0669d3" }""")).Code);
        var txn = Assert.Single(await TransactionsAsync(customer));
        Assert.Equal(("CANCELLED", 0), (txn.Str("txnStatus"), txn.GetProperty("emis").GetArrayLength()));
        Assert.Equal("100000", (await _client.FinBoxGet($"/v1/creditline/details?customerID={customer}").Json()).Str("data.availableLimit"));
    }

    [Fact]
    public async Task SplitReplacesTheTransactionWithItsPartsAndALeftoverKeepingThePartnerTxnId()
    {
        var customer = await CustomerAsync();
        var txnId = await PurchaseAsync(customer, 3000, "ORDER-1");

        var split = await PostAsync("/v1/creditline/txn/split", $$"""{ "txnID": "{{txnId}}", "invoices": [ {"invoiceNo": "DEFS123", "amount": 1000}, {"invoiceNo": "ABNC456", "amount": 500} ] }""");

        Assert.Equal(HttpStatusCode.OK, split.Code);
        var parts = await TransactionsAsync(customer);
        Assert.Equal([("DEFS123", "1000"), ("ABNC456", "500"), ("", "1500")], parts.Select(p => (p.Str("invoiceNo"), p.Str("amount"))));
        Assert.All(parts, p => Assert.Equal(("ORDER-1", "PROCESSING"), (p.Str("partnerTxnID"), p.Str("txnStatus"))));
        Assert.DoesNotContain(txnId, parts.Select(p => p.Str("txnID")));
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync("/v1/creditline/txn/cancel", $$"""{ "txnID": "{{txnId}}" }""")).Code);
        Assert.Equal(1, await CountAsync(customer, "creditLineSplit"));
    }

    [Fact]
    public async Task SplitAnswersEachDocumentedError()
    {
        var customer = await CustomerAsync();
        var txnId = await PurchaseAsync(customer, 1000);
        var cancelled = await PurchaseAsync(customer, 100);
        await PostAsync("/v1/creditline/txn/cancel", $$"""{ "txnID": "{{cancelled}}" }""");
        string Body(string id, decimal a, decimal b) => $$"""{ "txnID": "{{id}}", "invoices": [ {"invoiceNo": "A", "amount": {{a}}}, {"invoiceNo": "", "amount": {{b}}} ] }""";

        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync("/v1/creditline/txn/split", """{ "invoices": [] }""")).Code);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync("/v1/creditline/txn/split", Body(Guid.NewGuid().ToString(), 1, 1))).Code);
        Assert.Equal((HttpStatusCode.Forbidden, "only transaction with status PROCESSING can be splitted"), await PostAsync("/v1/creditline/txn/split", Body(cancelled, 10, 10)));
        Assert.Equal((HttpStatusCode.BadRequest, "amount should be greater than 0"), await PostAsync("/v1/creditline/txn/split", Body(txnId, 500, 0)));
        Assert.Equal((HttpStatusCode.BadRequest, "sum of invoice amounts cannot exceed transaction amount"), await PostAsync("/v1/creditline/txn/split", Body(txnId, 500, 500.5m)));
        Assert.Equal(txnId, (await TransactionsAsync(customer))[0].Str("txnID"));
    }

    [Fact]
    public async Task MergeReplacesTheTransactionsWithOneOfTheirSum()
    {
        var customer = await CustomerAsync();
        var a = await PurchaseAsync(customer, 400, "ORDER-A");
        var b = await PurchaseAsync(customer, 600, "ORDER-B");

        using var response = await _client.FinBoxPost("/v1/creditline/txn/merge", $$"""{ "txnIDs": ["{{a}}", "{{b}}"] }""");
        var merged = (await response.Json()).Str("data.mergedTxnID");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var txn = Assert.Single(await TransactionsAsync(customer));
        Assert.Equal((merged, "1000", "PROCESSING"), (txn.Str("txnID"), txn.Str("amount"), txn.Str("txnStatus")));
        Assert.Equal(1, await CountAsync(customer, "creditLineMerge"));
    }

    [Fact]
    public async Task MergeAnswersEachDocumentedError()
    {
        var customer = await CustomerAsync();
        var other = await CustomerAsync();
        var a = await PurchaseAsync(customer, 100);
        var b = await PurchaseAsync(customer, 200);
        var elsewhere = await PurchaseAsync(other, 300);
        await PostAsync("/v1/creditline/txn/cancel", $$"""{ "txnID": "{{b}}" }""");

        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync("/v1/creditline/txn/merge", "{}")).Code);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync("/v1/creditline/txn/merge", $$"""{ "txnIDs": ["{{a}}"] }""")).Code);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync("/v1/creditline/txn/merge", $$"""{ "txnIDs": ["{{a}}", "{{Guid.NewGuid()}}"] }""")).Code);
        Assert.Equal((HttpStatusCode.Conflict, "mismatch in txn loan details"), await PostAsync("/v1/creditline/txn/merge", $$"""{ "txnIDs": ["{{a}}", "{{elsewhere}}"] }"""));
        Assert.Equal((HttpStatusCode.Conflict, "transaction passed not in processing state"), await PostAsync("/v1/creditline/txn/merge", $$"""{ "txnIDs": ["{{a}}", "{{b}}"] }"""));
        Assert.Equal(2, (await TransactionsAsync(customer)).Count);
    }
}
