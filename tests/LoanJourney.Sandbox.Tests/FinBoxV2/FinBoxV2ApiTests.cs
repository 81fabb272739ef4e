using System.Net;

namespace LoanJourney.Sandbox.Tests.FinBoxV2;

public sealed class FinBoxV2ApiTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task HappyPathRunsFromCreateUserToDisbursal()
    {
        var customer = await V2Steps.CreateWithDetailsAsync(_client, "1234");
        await V2Steps.AcceptFirstSlabAsync(_client, customer);
        Assert.Equal("SUCCESS", (await V2Steps.BankingAsync(_client, customer)).Str("data.status"));

        var kyc = await V2Steps.KycAsync(_client, customer);
        Assert.Equal(("APPROVED", "GKD-S-000"), (kyc.Str("data.status"), kyc.Str("statusCode")));
        Assert.Equal("OKYC_DIGILOCKER", kyc.GetProperty("data").GetProperty("personalKYC")[0].Str("type"));

        var agreement = await V2Steps.AgreementAsync(_client, customer);
        Assert.Equal(("SUCCESS", "GAS-S-000"), (agreement.Str("data.status"), agreement.Str("statusCode")));

        var reference = await V2Steps.TriggerAsync(_client, "/v2/loan/disburse", V2Steps.Program(customer), "TDB-S-200");
        var disbursal = (await V2Steps.PollAsync(_client, "/v2/loan/disburse", reference))[^1];
        Assert.Equal(("SUCCESS", "GDB-S-200", "80000"), (disbursal.Str("data.status"), disbursal.Str("statusCode"), disbursal.Str("data.disbursedAmount")));
        Assert.EndsWith("+05:30", disbursal.Str("data.disbursedAt"), StringComparison.Ordinal);

        var session = await _client.FinBoxPost("/v2/user/session", $$"""{ "customerID": "{{customer}}", "redirectURL": "https://yoururl/redirect" }""").Json();
        Assert.Equal("PSS-S-000", session.Str("status"));
        Assert.StartsWith("https://", session.Str("data.url"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AsyncOperationsAnswerProcessingForProcessingPollsThenFinal()
    {
        var customer = await V2Steps.CreateWithDetailsAsync(_client, "1111");
        var reference = await V2Steps.TriggerAsync(_client, "/v2/user/offers", $$"""{ "customerID": "{{customer}}", "riskVariables": {} }""", "GNO-S-000");
        var answers = await V2Steps.PollAsync(_client, "/v2/user/offers", reference);

        Assert.Equal(["PROCESSING", "PROCESSING", "SUCCESS"], answers.Select(a => a.Str("data.status")));
        Assert.Equal(["GEO-S-001", "GEO-S-001", "GEO-S-000"], answers.Select(a => a.Str("statusCode")));
        Assert.Equal("null", answers[0].Str("data.offers"));
    }

    [Fact]
    public async Task CreateUserRejectsInvalidMobileExistingUserAndMissingCustomerId()
    {
        var customer = Wire.NewId("v2");
        var invalid = await _client.FinBoxPost("/v2/user/create", $$"""{ "customerID": "{{customer}}", "mobile": "12345" }""");
        Assert.Equal((HttpStatusCode.BadRequest, "CUR-E-001"), (invalid.StatusCode, (await invalid.Json()).Str("statusCode")));

        await _client.FinBoxPost("/v2/user/create", $$"""{ "customerID": "{{customer}}", "mobile": "9999999999" }""");
        var again = await _client.FinBoxPost("/v2/user/create", $$"""{ "customerID": "{{customer}}", "mobile": "9999999999" }""");
        Assert.Equal((HttpStatusCode.Conflict, "CUR-E-002"), (again.StatusCode, (await again.Json()).Str("statusCode")));

        var missing = await _client.FinBoxPost("/v2/user/create", """{ "mobile": "9999999999" }""").Json();
        Assert.Equal("FBX-E-014", missing.Str("statusCode"));
    }

    [Fact]
    public async Task MissingApiKeyIsUnauthorised()
    {
        using var response = await Wire.Send(_client, HttpMethod.Post, "/v2/user/create", """{ "customerID": "x", "mobile": "9999999999" }""");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("FBX-E-005", (await response.Json()).Str("statusCode"));
    }

    [Fact]
    public async Task UpdateDetailsValidatesPayloadProgramPanAndUser()
    {
        Assert.Equal("UUD-E-000", (await _client.FinBoxPost("/v2/user/details/update", "{ not json").Json()).Str("statusCode"));
        Assert.Equal("FBX-E-007", (await _client.FinBoxPost("/v2/user/details/update", """{ "customerID": "c", "program": "CAR_LOAN" }""").Json()).Str("statusCode"));
        Assert.Equal("UUD-E-002", (await _client.FinBoxPost("/v2/user/details/update", V2Steps.DetailsJson("c", pan: "NOTAPAN")).Json()).Str("statusCode"));
        var unknown = await _client.FinBoxPost("/v2/user/details/update", V2Steps.DetailsJson(Wire.NewId("nobody")));
        Assert.Equal((HttpStatusCode.NotFound, "FBX-E-006"), (unknown.StatusCode, (await unknown.Json()).Str("statusCode")));
    }

    [Fact]
    public async Task NachInvocationOfUpdateDetailsIsAccepted()
    {
        var customer = await V2Steps.CreateWithDetailsAsync(_client, "1212");
        var answer = await _client.FinBoxPost("/v2/user/details/update", $$"""
            {
              "customerID": "{{customer}}", "program": "EDI",
              "mandateDetails": { "accountNumber": "111111111", "accountType": "savings", "bankName": "ICICI", "mandateType": "", "accountHolderName": "someName",
                                  "ifsc": "ICIC0003903", "mandateAmount": 94000, "vendor": "vendorName", "vendorDocID": "mandateID", "npciTxnID": "some_npci_txn_id" },
              "basicDetails": { "businessDetails": { "name": "", "category": "", "subCategory": "", "uanDetails": { "uan": "UDYAM123456" } } },
              "loanDetails": { "insuranceDetails": { "premium": 1000, "gstApplicable": false, "gstRate": 0, "vendor": "Acko" } },
              "consents": [ { "type": "INSURANCE", "timestamp": "1704392919504", "body": "", "ipAddress": "0.0.0.0", "url": "someUrl" } ]
            }
            """).Json();
        Assert.Equal("UUD-S-000", answer.Str("statusCode"));
    }

    [Fact]
    public async Task BreNeedsRiskVariablesDetailsAKnownPolicyAndReferenceIds()
    {
        var customer = Wire.NewId("v2");
        await _client.FinBoxPost("/v2/user/create", $$"""{ "customerID": "{{customer}}", "mobile": "9876549876" }""");
        var early = await _client.FinBoxPost("/v2/user/offers", $$"""{ "customerID": "{{customer}}", "riskVariables": {} }""");
        Assert.Equal((HttpStatusCode.Conflict, "FBX-E-010"), (early.StatusCode, (await early.Json()).Str("statusCode")));

        var noRisk = await _client.FinBoxPost("/v2/user/offers", $$"""{ "customerID": "{{customer}}" }""").Json();
        Assert.Equal("FBX-E-009", noRisk.Str("statusCode"));

        var policy = await _client.FinBoxPost("/v2/user/offers", $$"""{ "customerID": "{{customer}}", "riskVariables": { "policyID": "unknown" } }""").Json();
        Assert.Equal("GNO-E-002", policy.Str("statusCode"));

        Assert.Equal("FBX-E-008", (await _client.FinBoxGet("/v2/user/offers?referenceID=nope").Json()).Str("statusCode"));
        Assert.Equal("FBX-E-009", (await _client.FinBoxGet("/v2/user/offers").Json()).Str("statusCode"));
    }

    [Fact]
    public async Task AcceptingAnOfferOutsideItsSlabsOrAnUnknownOfferIsRefused()
    {
        var customer = await V2Steps.CreateWithDetailsAsync(_client, "2222");
        var bre = await V2Steps.BreAsync(_client, customer);
        var offerId = bre.GetProperty("data").GetProperty("offers")[0].Str("offerID");

        var unknown = await _client.FinBoxPost("/user/acceptOffer", $$"""{ "customerID": "{{customer}}", "offerDetails": { "offerID": "d89b2b1b-98ff-4378-af0c-235cfc00b71a", "amount": 80000, "tenure": 8, "interest": 25 } }""").Json();
        Assert.Equal("AOP-E-002", unknown.Str("statusCode"));

        var tooMuch = await _client.FinBoxPost("/user/acceptOffer", $$"""{ "customerID": "{{customer}}", "offerDetails": { "offerID": "{{offerId}}", "amount": 900000, "tenure": 8, "interest": 25 } }""").Json();
        Assert.Equal("AOP-E-003", tooMuch.Str("statusCode"));

        var wrongTenure = await _client.FinBoxPost("/user/acceptOffer", $$"""{ "customerID": "{{customer}}", "offerDetails": { "offerID": "{{offerId}}", "amount": 80000, "tenure": 12, "interest": 25 } }""").Json();
        Assert.Equal("AOP-E-003", wrongTenure.Str("statusCode"));

        var inSecondSlab = await _client.FinBoxPost("/user/acceptOffer", $$"""{ "customerID": "{{customer}}", "offerDetails": { "offerID": "{{offerId}}", "amount": 150000, "tenure": 12, "interest": 25 } }""").Json();
        Assert.Equal("AOP-S-000", inSecondSlab.Str("statusCode"));
    }

    [Fact]
    public async Task BankListHasTheDocumentedShape()
    {
        var customer = await V2Steps.CreateWithDetailsAsync(_client, "3333");
        var list = await _client.FinBoxGet($"/v2/bank/list?customerID={customer}").Json();
        Assert.Equal(list.GetProperty("banks").GetArrayLength(), list.GetProperty("count").GetInt32());
        Assert.True(list.GetProperty("banks")[0].GetProperty("isPdfUpload_available").GetBoolean());
        Assert.Equal("FBX-E-014", (await _client.FinBoxGet("/v2/bank/list").Json()).Str("statusCode"));
    }

    [Fact]
    public async Task BankingRefusesFilesOverFiveMegabytesAndReportsUnknownBanksAsFailed()
    {
        var customer = await V2Steps.CreateWithDetailsAsync(_client, "4444");
        using var big = Wire.Form(("customerID", customer), ("bankName", "HDFC"), ("uploadType", "PDF")).WithFile("files", (5 * 1024 * 1024) + 1);
        using var tooBig = await _client.FinBoxForm("/v2/user/bank/analyse", big);
        Assert.Equal((HttpStatusCode.BadRequest, "FBX-E-013"), (tooBig.StatusCode, (await tooBig.Json()).Str("statusCode")));

        using var unknownBank = Wire.Form(("customerID", customer), ("bankName", "NOSUCHBANK"), ("uploadType", "PDF")).WithFile("files", 10);
        var reference = (await (await _client.FinBoxForm("/v2/user/bank/analyse", unknownBank)).Json()).Str("data.referenceID");
        var failed = (await V2Steps.PollAsync(_client, "/v2/user/bank/analyse", reference))[^1];
        Assert.Equal(("FAILED", "INVALID_BANK_NAME", "BANK-GBR-S-002"), (failed.Str("data.status"), failed.Str("data.bankingDetails.errorCode"), failed.Str("statusCode")));

        using var noUser = Wire.Form(("customerID", Wire.NewId("nobody")), ("bankName", "HDFC"), ("uploadType", "PDF")).WithFile("files", 10);
        var notFound = await (await _client.FinBoxForm("/v2/user/bank/analyse", noUser)).Json();
        Assert.Equal(("FBX-E-006", "user not found"), (notFound.Str("statusCode"), notFound.Str("error")));
    }

    [Fact]
    public async Task EdiAgreementNeedsTheUploadedAgreementDocument()
    {
        var customer = await V2Steps.CreateWithDetailsAsync(_client, "5555");
        await V2Steps.AcceptFirstSlabAsync(_client, customer);
        await V2Steps.KycAsync(_client, customer);

        var missing = await _client.FinBoxPost("/v2/loan/agreement", V2Steps.Program(customer, "EDI")).Json();
        Assert.Equal(("TAS-E-001", "agreement document not found"), (missing.Str("statusCode"), missing.Str("error")));

        using var upload = Wire.Form(("program", "EDI"), ("documentType", "LOAN_AGREEMENT"), ("customerID", customer)).WithFile("agreement", 100, "agreement.pdf");
        using var uploaded = await _client.FinBoxForm("/v2/document/upload", upload);
        Assert.Equal(HttpStatusCode.OK, uploaded.StatusCode);

        using var wrongField = Wire.Form(("program", "EDI"), ("documentType", "SELFIE"), ("customerID", customer)).WithFile("agreement", 100);
        Assert.Equal("FBX-E-013", (await (await _client.FinBoxForm("/v2/document/upload", wrongField)).Json()).Str("statusCode"));

        await V2Steps.TriggerAsync(_client, "/v2/loan/agreement", V2Steps.Program(customer, "EDI"), "TAS-S-000");
    }

    [Fact]
    public async Task DisbursalIsRefusedBeforeAgreementAndReportedAlreadyOnRetrigger()
    {
        var customer = await V2Steps.CreateWithDetailsAsync(_client, "6666");
        await V2Steps.AcceptFirstSlabAsync(_client, customer);
        var early = await _client.FinBoxPost("/v2/loan/disburse", V2Steps.Program(customer)).Json();
        Assert.Equal("FBX-E-010", early.Str("statusCode"));

        await V2Steps.KycAsync(_client, customer);
        await V2Steps.AgreementAsync(_client, customer);
        var first = await V2Steps.TriggerAsync(_client, "/v2/loan/disburse", V2Steps.Program(customer), "TDB-S-200");
        var again = await _client.FinBoxPost("/v2/loan/disburse", V2Steps.Program(customer)).Json();

        Assert.Equal(("FBX-S-208", first), (again.Str("statusCode"), again.Str("data.referenceID")));
        var counters = await _client.GetAsync($"sandbox/counters/{customer}").Json();
        // Counters count effects: the refused early trigger moved nothing, the re-trigger is a duplicate request.
        Assert.Equal(1, counters.GetProperty("disbursal").GetInt32());
        Assert.Equal(1, counters.GetProperty("disbursalDuplicate").GetInt32());
        Assert.Equal(1, counters.GetProperty("agreement").GetInt32());
    }

    [Fact]
    public async Task AgreementRetriggerWhileSigningIsReportedAlreadyAndAfterFailedStartsANewSigning()
    {
        var customer = await V2Steps.CreateWithDetailsAsync(_client, "0008");
        await V2Steps.AcceptFirstSlabAsync(_client, customer);
        await V2Steps.KycAsync(_client, customer);
        var first = await V2Steps.TriggerAsync(_client, "/v2/loan/agreement", V2Steps.Program(customer), "TAS-S-000");

        var again = await _client.FinBoxPost("/v2/loan/agreement", V2Steps.Program(customer)).Json();
        Assert.Equal(("FBX-S-208", first), (again.Str("statusCode"), again.Str("data.referenceID")));

        Assert.Equal("FAILED", (await V2Steps.PollAsync(_client, "/v2/loan/agreement", first))[^1].Str("data.status"));
        var second = await V2Steps.TriggerAsync(_client, "/v2/loan/agreement", V2Steps.Program(customer), "TAS-S-000");
        Assert.NotEqual(first, second);

        var counters = await _client.GetAsync($"sandbox/counters/{customer}").Json();
        Assert.Equal((2, 1), (counters.GetProperty("agreement").GetInt32(), counters.GetProperty("agreementDuplicate").GetInt32()));
    }
}
