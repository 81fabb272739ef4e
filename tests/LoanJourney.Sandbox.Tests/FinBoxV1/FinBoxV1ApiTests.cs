using System.Net;

namespace LoanJourney.Sandbox.Tests.FinBoxV1;

public sealed class FinBoxV1ApiTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private readonly HttpClient _client = fixture.Client;

    private async Task<string> CreateAsync(string suffix)
    {
        var customer = Wire.NewId("v1");
        using var created = await _client.FinBoxPost("/v1/user/create", $$"""{ "customerID": "{{customer}}", "mobile": "987654{{suffix}}" }""");
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal("true", (await created.Json()).Str("status"));
        return customer;
    }

    private async Task<(HttpStatusCode, string)> Status(Task<HttpResponseMessage> call)
    {
        using var response = await call;
        return (response.StatusCode, (await response.Json()).Str("error"));
    }

    [Fact]
    public async Task CreateUserUsesTheDocumentedHttpCodes()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await Status(_client.FinBoxPost("/v1/user/create", """{ "mobile": "9999999999" }"""))).Item1);
        Assert.Equal(HttpStatusCode.Forbidden, (await Status(_client.FinBoxPost("/v1/user/create", """{ "customerID": "x" }"""))).Item1);
        Assert.Equal(HttpStatusCode.Forbidden, (await Status(_client.FinBoxPost("/v1/user/create", """{ "customerID": "x", "mobile": "123" }"""))).Item1);
        var customer = await CreateAsync("1234");
        Assert.Equal(HttpStatusCode.Conflict, (await Status(_client.FinBoxPost("/v1/user/create", $$"""{ "customerID": "{{customer}}", "mobile": "9876541234" }"""))).Item1);
    }

    [Fact]
    public async Task EligibilityThenTokenForAnEligibleUser()
    {
        var customer = await CreateAsync("1234");
        Assert.Equal(HttpStatusCode.BadRequest, (await Status(_client.FinBoxPost("/v1/user/token", $$"""{ "customerID": "{{customer}}" }"""))).Item1);

        var eligibility = await _client.FinBoxGet($"/v1/user/eligibility?customerID={customer}").Json();
        Assert.Equal(("15000", "true"), (eligibility.Str("data.eligible_amount"), eligibility.Str("data.is_eligible")));

        var token = await _client.FinBoxPost("/v1/user/token", $$"""{ "customerID": "{{customer}}", "source": "app" }""").Json();
        Assert.False(string.IsNullOrEmpty(token.Str("data.token")));
    }

    [Fact]
    public async Task EligibilityAndTokenErrorsUseTheDocumentedHttpCodes()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await Status(_client.FinBoxGet("/v1/user/eligibility"))).Item1);
        Assert.Equal(HttpStatusCode.BadRequest, (await Status(_client.FinBoxGet("/v1/user/eligibility?customerID=nobody"))).Item1);
        Assert.Equal(HttpStatusCode.Forbidden, (await Status(_client.FinBoxPost("/v1/user/token", "{}"))).Item1);
        Assert.Equal(HttpStatusCode.NotFound, (await Status(_client.FinBoxPost("/v1/user/token", """{ "customerID": "nobody" }"""))).Item1);
    }

    [Fact]
    public async Task Scenario0000UserIsNotEligibleAndGetsNoToken()
    {
        var customer = await CreateAsync("0000");
        Assert.Equal("false", (await _client.FinBoxGet($"/v1/user/eligibility?customerID={customer}").Json()).Str("data.is_eligible"));
        Assert.Equal((HttpStatusCode.Forbidden, "User not eligible for loan"), await Status(_client.FinBoxPost("/v1/user/token", $$"""{ "customerID": "{{customer}}" }""")));
    }

    [Fact]
    public async Task Scenario0009UserHasNoEligibilityData()
    {
        var customer = await CreateAsync("0009");
        Assert.Equal(HttpStatusCode.Conflict, (await Status(_client.FinBoxGet($"/v1/user/eligibility?customerID={customer}"))).Item1);
    }

    [Fact]
    public async Task PartnerPushValidatesFieldsAndMustComeBeforeTheJourney()
    {
        var customer = await CreateAsync("1234");
        var push = $$"""
            { "customerID": "{{customer}}", "pan": "BQGPM6873M", "name": "Sample User", "dob": "1992-01-01", "email": "test@finbox.in",
              "gender": "Male", "gstin": "18BQGPM6873M1ZM", "vintageDate": "2006-01-02" }
            """;
        Assert.Equal("true", (await _client.FinBoxPost("/v1/user/push", push).Json()).Str("status"));
        Assert.Equal(HttpStatusCode.Forbidden, (await Status(_client.FinBoxPost("/v1/user/push", """{ "pan": "BQGPM6873M" }"""))).Item1);
        Assert.Equal(HttpStatusCode.NotFound, (await Status(_client.FinBoxPost("/v1/user/push", """{ "customerID": "nobody" }"""))).Item1);
        Assert.Equal((HttpStatusCode.BadRequest, "Invalid dob, passed value: 01-01-1992"), await Status(_client.FinBoxPost("/v1/user/push", $$"""{ "customerID": "{{customer}}", "dob": "01-01-1992" }""")));
        Assert.StartsWith("PAN is not matching with GSTIN", (await Status(_client.FinBoxPost("/v1/user/push", $$"""{ "customerID": "{{customer}}", "pan": "ABCDE1234F", "gstin": "18BQGPM6873M1ZM" }"""))).Item2, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await Status(_client.FinBoxPost("/v1/user/push", "{ nope"))).Item1);

        await _client.FinBoxGet($"/v1/user/eligibility?customerID={customer}");
        await _client.FinBoxPost("/v1/user/token", $$"""{ "customerID": "{{customer}}" }""");
        Assert.StartsWith("User journey already started", (await Status(_client.FinBoxPost("/v1/user/push", push))).Item2, StringComparison.Ordinal);

        var profile = await _client.FinBoxGet($"/v1/user/profile?customerID={customer}").Json();
        Assert.Equal(("Sample User", "BQGPM6873M"), (profile.Str("data.userProfile.name"), profile.Str("data.userProfile.pan")));
    }

    [Fact]
    public async Task LoanEndpointsOpenAsTheJourneyAdvances()
    {
        var customer = await CreateAsync("4321");
        await _client.FinBoxGet($"/v1/user/eligibility?customerID={customer}");
        Assert.Equal(HttpStatusCode.Conflict, (await _client.PostAsync($"sandbox/finbox/users/{customer}/advance", null)).StatusCode);
        await _client.FinBoxPost("/v1/user/token", $$"""{ "customerID": "{{customer}}" }""");

        var created = await _client.PostAsync($"sandbox/finbox/users/{customer}/advance", null).Json();
        var loanId = created.Str("loanApplicationID");
        Assert.Equal("loan_application_created", created.Str("eventType"));
        Assert.Equal("CREATED", (await _client.FinBoxGet($"/v1/loan/details?loanApplicationID={loanId}").Json()).Str("data.status"));
        Assert.Equal(HttpStatusCode.Forbidden, (await Status(_client.FinBoxGet($"/v1/loan/offers?loanApplicationID={loanId}"))).Item1);

        for (var i = 0; i < 5; i++)
        {
            await _client.PostAsync($"sandbox/finbox/users/{customer}/advance", null);
        }

        var offers = (await _client.FinBoxGet($"/v1/loan/offers?loanApplicationID={loanId}").Json()).GetProperty("data");
        Assert.Equal(("offer_declined", "offer_accepted"), (offers[0].Str("status"), offers[1].Str("status")));
        Assert.StartsWith("https://", (await _client.FinBoxGet($"/v1/loan/agreement?loanApplicationID={loanId}").Json()).Str("data.signedAgreementURL"), StringComparison.Ordinal);
        Assert.Equal("UNPAID", (await _client.FinBoxGet($"/v1/loan/repayments?loanApplicationID={loanId}").Json()).GetProperty("data").GetProperty("emiList")[0].Str("status"));
        Assert.Equal(loanId, (await _client.FinBoxGet($"/v1/edi/repayments?loanApplicationID={loanId}").Json()).Str("data.loanApplicationID"));

        var loans = await _client.FinBoxGet($"/v1/loans?customerID={customer}").Json();
        Assert.Equal("DISBURSED", loans.GetProperty("data").GetProperty("loans")[0].Str("status"));
        var users = await _client.FinBoxGet($"/v1/users?customerID={customer}&limit=20&page=1").Json();
        Assert.Equal("1", users.Str("data.total"));
        var activity = await _client.FinBoxGet($"/v1/user/activity?customerID={customer}").Json();
        Assert.Contains("loan_disbursed", activity.GetProperty("data").GetProperty("userActivityHistory").EnumerateArray().Select(a => a.Str("eventType")));
        Assert.Equal(HttpStatusCode.Conflict, (await _client.PostAsync($"sandbox/finbox/users/{customer}/advance", null)).StatusCode);
    }

    [Fact]
    public async Task RepayIsPendingForTheProcessingReadsThenCountedAndOneUtrIsOnePayment()
    {
        var customer = await CreateAsync("4321");
        await _client.FinBoxGet($"/v1/user/eligibility?customerID={customer}");
        await _client.FinBoxPost("/v1/user/token", $$"""{ "customerID": "{{customer}}" }""");
        var loanId = (await _client.PostAsync($"sandbox/finbox/users/{customer}/advance", null).Json()).Str("loanApplicationID");
        var repay = $$"""{ "loanApplicationID": "{{loanId}}", "installmentNum": 1, "amountReceived": 2680, "paymentDate": "2030-01-08 12:00:00", "paymentMode": "upi", "transactionID": "UTR-{{customer}}" }""";
        Assert.Equal(HttpStatusCode.Forbidden, (await Status(_client.FinBoxPost("/v1/loan/repay", repay))).Item1);
        for (var i = 0; i < 5; i++)
        {
            await _client.PostAsync($"sandbox/finbox/users/{customer}/advance", null);
        }

        var reference = (await _client.FinBoxPost("/v1/loan/repay", repay).Json()).Str("data.referenceID");
        var again = (await _client.FinBoxPost("/v1/loan/repay", repay).Json()).Str("data.referenceID");
        Assert.Equal(HttpStatusCode.BadRequest, (await Status(_client.FinBoxPost("/v1/loan/repay", repay.Replace("\"installmentNum\": 1", "\"installmentNum\": 7", StringComparison.Ordinal)))).Item1);

        Assert.Equal(reference, again);
        var statuses = new List<string>();
        for (var read = 0; read < 10 && statuses.LastOrDefault() != "PAID"; read++)
        {
            statuses.Add((await _client.FinBoxGet($"/v1/loan/repayments?loanApplicationID={loanId}").Json()).GetProperty("data").GetProperty("emiList")[0].Str("status"));
        }

        Assert.Equal("PENDING", statuses[0]);
        Assert.Equal("PAID", statuses[^1]);
        var edi = await _client.FinBoxGet($"/v1/edi/repayments?loanApplicationID={loanId}").Json();
        Assert.Equal("2680", edi.Str("data.amountPaid"));
        var counters = await _client.GetAsync($"sandbox/counters/{customer}").Json();
        Assert.Equal(("1", "1"), (counters.Str("repay"), counters.Str("repayDuplicate")));
    }

    [Fact]
    public async Task CreditLineAndRepayAnswerTheirDocumentedRefusals()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await Status(_client.FinBoxGet("/v1/creditline/details"))).Item1);
        Assert.Equal(HttpStatusCode.NotFound, (await Status(_client.FinBoxGet("/v1/creditline/transactions?customerID=c"))).Item1);
        Assert.Equal(HttpStatusCode.Forbidden, (await Status(_client.FinBoxPost("/v1/creditline/txn/confirm", "{}"))).Item1);
        Assert.Equal(HttpStatusCode.NotFound, (await Status(_client.FinBoxPost("/v1/creditline/txn/cancel", """{ "txnID": "0e882dbd-3768-4c68-8986-57b68d0669d3" }"""))).Item1);
        Assert.Equal(HttpStatusCode.BadRequest, (await Status(_client.FinBoxPost("/v1/creditline/txn/merge", """{ "txnIDs": ["a"] }"""))).Item1);
        Assert.Equal(HttpStatusCode.Forbidden, (await Status(_client.FinBoxPost("/v1/loan/repay", """{ "installmentNum": 1 }"""))).Item1);
        Assert.Equal(HttpStatusCode.NotFound, (await Status(_client.FinBoxPost("/v1/loan/repay", """{ "loanApplicationID": "x" }"""))).Item1);
    }

    [Fact]
    public async Task MissingApiKeyIsUnauthorised()
    {
        using var response = await Wire.Send(_client, HttpMethod.Get, "/v1/user/eligibility?customerID=x", null);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("false", (await response.Json()).Str("status"));
    }
}
