using System.Net;
using System.Text.Json;

namespace LoanJourney.Sandbox.Tests.FinBoxV1;

/// <summary>
/// The fixture control routes (docs/sandbox.md, "Fixtures") over raw HTTP: a borrower whose loan is already disbursed, and a
/// borrower as Create User leaves it, each in the book of the request (a draft test run's, with X-Sandbox-Test-Run, or the journeys').
/// </summary>
public sealed class FixtureRoutesTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private const string TestRunHeader = "X-Sandbox-Test-Run";
    private readonly HttpClient _client = fixture.Client;

    private async Task<(HttpStatusCode Code, JsonElement Body)> PostAsync(string path, string json, bool testRun = false)
    {
        using var response = await Wire.Send(_client, HttpMethod.Post, path, json, testRun ? [(TestRunHeader, "run-1")] : []);
        return (response.StatusCode, await response.Json());
    }

    [Fact]
    public async Task ADisbursedLoan_IsRepayableAtOnce_AndListedOnlyInTheBookItWasCreatedIn()
    {
        var customer = Wire.NewId("loan");
        var (code, loan) = await PostAsync("/sandbox/finbox/loans", $$"""{ "customerID": "{{customer}}", "mobile": "9876509999" }""", testRun: true);

        Assert.Equal(HttpStatusCode.Created, code);
        var loanId = loan.Str("loanApplicationID");
        Assert.Equal((customer, "*", "true", "DISBURSED", "DISBURSED"), (loan.Str("customerID"), loan.Str("scenario"), loan.Str("testRun"), loan.Str("status"), loan.Str("loanStatus")));

        // The lender API sees a disbursed loan: details, the repayment schedule, Repay Loan; its stages are in the activity.
        Assert.Equal("DISBURSED", (await _client.FinBoxGet($"/v1/loan/details?loanApplicationID={loanId}").Json()).Str("data.status"));
        Assert.Equal("UNPAID", (await _client.FinBoxGet($"/v1/loan/repayments?loanApplicationID={loanId}").Json()).GetProperty("data").GetProperty("emiList")[0].Str("status"));
        var repay = await _client.FinBoxPost("/v1/loan/repay", $$"""{ "loanApplicationID": "{{loanId}}", "installmentNum": 1, "amountReceived": 2680, "paymentDate": "2030-01-08 12:00:00", "paymentMode": "upi", "transactionID": "UTR-{{customer}}" }""").Json();
        Assert.StartsWith("FBXREF-", repay.Str("data.referenceID"), StringComparison.Ordinal);
        var events = (await _client.FinBoxGet($"/v1/user/activity?customerID={customer}").Json()).GetProperty("data").GetProperty("userActivityHistory")
            .EnumerateArray().Select(e => e.Str("eventType")).ToList();
        Assert.Contains("loan_disbursed", events);

        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync($"sandbox/finbox/loans/{loanId}?testRuns=true")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"sandbox/finbox/loans/{loanId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"sandbox/finbox/loans/{Guid.NewGuid()}?testRuns=true")).StatusCode);
    }

    [Fact]
    public async Task ALoan_ForAScenarioThatNeverDisburses_OrAKnownCustomer_OrABadMobile_IsRefused()
    {
        var (rejected, body) = await PostAsync("/sandbox/finbox/loans", $$"""{ "customerID": "{{Wire.NewId("loan")}}", "mobile": "9876500006" }""");
        Assert.Equal(HttpStatusCode.Conflict, rejected);
        Assert.Contains("0006", body.Str("title"), StringComparison.Ordinal);

        var customer = Wire.NewId("loan");
        Assert.Equal(HttpStatusCode.Created, (await PostAsync("/sandbox/finbox/loans", $$"""{ "customerID": "{{customer}}", "mobile": "9876509999" }""")).Code);
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync("/sandbox/finbox/loans", $$"""{ "customerID": "{{customer}}", "mobile": "9876509999" }""")).Code);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync("/sandbox/finbox/users", $$"""{ "customerID": "{{Wire.NewId("cl")}}", "mobile": "12345" }""")).Code);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync("/sandbox/finbox/users", """{ "mobile": "9876500030" }""")).Code);
    }

    [Fact]
    public async Task AUser_GetsItsScenariosCreditLine_AndTakesAPurchase()
    {
        var customer = Wire.NewId("cl");
        var (code, user) = await PostAsync("/sandbox/finbox/users", $$"""{ "customerID": "{{customer}}", "mobile": "9876500030" }""", testRun: true);

        Assert.Equal(HttpStatusCode.Created, code);
        Assert.Equal(("ACTIVE", "null"), (user.Str("creditLine.status"), user.Str("loanApplicationID")));
        Assert.Equal("ACTIVE", (await _client.FinBoxGet($"/v1/creditline/details?customerID={customer}").Json()).Str("data.status"));
        using var purchase = await _client.PostAsync($"sandbox/finbox/users/{customer}/creditline/transactions",
            new StringContent("""{ "amount": 1000, "partnerTxnID": "ORDER-1" }""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, purchase.StatusCode);

        var (_, inactive) = await PostAsync("/sandbox/finbox/users", $$"""{ "customerID": "{{Wire.NewId("cl")}}", "mobile": "9876500031" }""");
        Assert.Equal("INACTIVE", inactive.Str("creditLine.status"));
        var (_, none) = await PostAsync("/sandbox/finbox/users", $$"""{ "customerID": "{{Wire.NewId("cl")}}", "mobile": "9876509999" }""");
        Assert.Equal("null", none.Str("creditLine"));
    }
}
