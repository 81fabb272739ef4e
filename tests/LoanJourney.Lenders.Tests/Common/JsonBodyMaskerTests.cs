using System.Text.Json.Nodes;
using LoanJourney.Lenders.Common;

namespace LoanJourney.Lenders.Tests.Common;

public sealed class JsonBodyMaskerTests
{
    [Fact]
    public void Mask_SensitiveFieldsAnywhere_AreMaskedOrRemoved()
    {
        var masked = JsonNode.Parse(JsonBodyMasker.Mask("""
            {"customerID":"c1","otp":"123456","x-api-key":"k","outer":{"items":[{"pan":"ABCDE1234F","account_number":"50100123456789",
             "accountNumber":"50100123456789","phone":9876543210,"Email":"a.b@example.com","dob":"1990-01-31","ifsc":"HDFC0000123"}]}}
            """))!;
        Assert.Null(masked["otp"]);
        Assert.Null(masked["x-api-key"]);
        Assert.Equal("c1", (string?)masked["customerID"]);
        var item = masked["outer"]!["items"]![0]!;
        Assert.Equal("XXXXX1234F", (string?)item["pan"]);
        Assert.Equal("XXXXXXXXXX6789", (string?)item["account_number"]);
        Assert.Equal("XXXXXXXXXX6789", (string?)item["accountNumber"]);
        Assert.Equal("XXXXXX3210", (string?)item["phone"]);
        Assert.Equal("a***@example.com", (string?)item["Email"]);
        Assert.Equal("XXXXXXXX", (string?)item["dob"]);
        Assert.Equal("HDFC0000123", (string?)item["ifsc"]);
    }

    // Session 54: a journey's own data in an answer leaves its credentials to SecretValues (masked for the team, whole for the
    // partner on its own journey) instead of removing them by name; a lender body and a log line remove them as before.
    [Fact]
    public void MaskJourneyData_LeavesCredentialsToSecretValues_WhileLenderBodiesAndLogLinesRemoveThem()
    {
        const string Body = """{"token":"sdk-tok-2468","otp":"112233","authorization":"Bearer abc","mobile":"9876543210","session":{"x_partner_token":"pt-1357"}}""";

        var whole = JsonBodyMasker.MaskJourneyData(JsonNode.Parse(Body))!;
        Assert.Equal("sdk-tok-2468", (string?)whole["token"]);
        Assert.Equal("112233", (string?)whole["otp"]);
        Assert.Equal("pt-1357", (string?)whole["session"]!["x_partner_token"]);
        Assert.Null(whole["authorization"]); // no credential by SecretValues' rule: removed by its name as before
        Assert.Equal("XXXXXX3210", (string?)whole["mobile"]);

        var team = JsonBodyMasker.MaskJourneyData(SecretValues.Mask(JsonNode.Parse(Body)))!;
        Assert.Equal(("••••2468", "••••2233", "••••1357"), ((string?)team["token"], (string?)team["otp"], (string?)team["session"]!["x_partner_token"]));

        foreach (var lender in new[] { JsonNode.Parse(JsonBodyMasker.Mask(Body))!, JsonNode.Parse(JsonBodyMasker.MaskForLog(Body))!, JsonBodyMasker.MaskNode(JsonNode.Parse(Body))! })
        {
            Assert.Null(lender["token"]);
            Assert.Null(lender["otp"]);
            Assert.Null(lender["authorization"]);
            Assert.Null(lender["session"]!["x_partner_token"]);
        }
    }

    [Fact]
    public void MaskNode_ValuesBuiltInCode_ThatAreJsonStrings_AreReadAsTheirText()
    {
        // A node an activity built holds CLR values written as JSON strings (session 47: a test run's step output with a
        // DateTimeOffset made MaskNode throw, which failed the runner).
        var at = new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.FromHours(5.5));
        var id = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");
        var masked = JsonBodyMasker.MaskNode(new JsonObject
        {
            ["decidedAt"] = JsonValue.Create(at),
            ["requestId"] = JsonValue.Create(id),
            ["dob"] = JsonValue.Create(new DateTimeOffset(1990, 1, 31, 0, 0, 0, TimeSpan.Zero)),
            ["note"] = JsonValue.Create("call 9876543210"),
        })!;
        Assert.Equal("\"2026-12-07T10:00:00+05:30\"", masked["decidedAt"]!.ToJsonString());
        Assert.Equal("\"0f8fad5b-d9cb-469f-a165-70867728950e\"", masked["requestId"]!.ToJsonString());
        Assert.Equal("\"XXXXXXXX\"", masked["dob"]!.ToJsonString());
        Assert.DoesNotContain("9876543210", masked["note"]!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Mask_DocumentContent_IsReplacedByASizeNote()
    {
        var base64 = new string('A', 5000);
        var masked = JsonNode.Parse(JsonBodyMasker.Mask($$"""{"txnID":"t1","podBase64":"{{base64}}","digilocker_aadhaar_xml":"<xml uid='123456789012'/>","other":"{{base64}}"}"""))!;
        Assert.Equal("[document omitted: 5000 chars]", (string?)masked["podBase64"]);
        Assert.StartsWith("[document omitted", (string?)masked["digilocker_aadhaar_xml"], StringComparison.Ordinal);
        Assert.Equal("[document omitted: 5000 chars]", (string?)masked["other"]);
    }

    [Fact]
    public void Mask_AnyFieldNamedBase64_IsADocumentHoweverShort()
    {
        // A tiny JPEG and PDF (8 and 12 characters) and a bank statement in a journey's input: the names say what they are.
        var masked = JsonNode.Parse(JsonBodyMasker.Mask("""
            {"podExtension":"jpg","podBase64":"/9j/4AAQ","invoice_base64":"JVBERi0xLjQK","uploadType":"BASE64",
             "banking":{"files":[{"fileName":"statement-jan.pdf","contentBase64":"JVBERi0xLjQKJSBzYW5k"}]},"emptyBase64":""}
            """))!;
        Assert.Equal("[document omitted: 8 chars]", (string?)masked["podBase64"]);
        Assert.Equal("[document omitted: 12 chars]", (string?)masked["invoice_base64"]);
        Assert.Equal("[document omitted: 20 chars]", (string?)masked["banking"]!["files"]![0]!["contentBase64"]);
        Assert.Equal("statement-jan.pdf", (string?)masked["banking"]!["files"]![0]!["fileName"]);
        Assert.Equal(("jpg", "BASE64", ""), ((string?)masked["podExtension"], (string?)masked["uploadType"], (string?)masked["emptyBase64"]));
        Assert.Equal(PiiRule.Document, JsonBodyMasker.RuleFor("contentBase64"));
    }

    [Fact]
    public void Mask_TextThatIsNotJson_IsScrubbed() =>
        Assert.Equal("user XXXXX1234F not found", JsonBodyMasker.Mask("user ABCDE1234F not found"));

    [Fact]
    public void Mask_ValuesOfUnknownFields_AreScrubbedForPatterns() =>
        Assert.Equal("""{"error":"PAN = XXXXX1234F"}""", JsonBodyMasker.Mask("""{"error":"PAN = ABCDE1234F"}"""));

    [Fact]
    public void Mask_ABankListsNames_AreKept_APersonsAndAnAgentsAreNot()
    {
        // GET /v2/bank/list names banks; a pay-later agent may be a person; a KYC record's fullName is the borrower's.
        var masked = JsonNode.Parse(JsonBodyMasker.Mask("""
            {"data":{"banks":[{"name":"SBI","fullName":"State Bank of India","npciCode":"SBIN"}]},
             "agent":{"name":"Abc Pvt Ltd","city":null},
             "kyc":{"name":"Rahul Sharma","fullName":"Rahul Kumar Sharma"}}
            """))!;
        Assert.Equal("SBI", (string?)masked["data"]!["banks"]![0]!["name"]);
        Assert.Equal("State Bank of India", (string?)masked["data"]!["banks"]![0]!["fullName"]);
        Assert.Equal("A** P** L**", (string?)masked["agent"]!["name"]);
        Assert.Equal("R**** S*****", (string?)masked["kyc"]!["name"]);
        Assert.Equal("R**** K**** S*****", (string?)masked["kyc"]!["fullName"]);
    }

    [Fact]
    public void Mask_ConsentIpLocationEmployerAndUan_AreMasked()
    {
        // The Prism details body (seeds: consents' ipAddress, employmentOrganization, the business address's landmark and
        // location, uanDetails.uan); city, state and pincode are kept (docs/lenders.md "Masking").
        var masked = JsonNode.Parse(JsonBodyMasker.Mask("""
            {"consents":[{"type":"BUREAU","ipAddress":"203.0.113.45"},{"type":"TNC","ipAddress":"2001:db8:85a3::8a2e:370:7334"}],
             "employmentDetails":{"employmentOrganization":"Acme Widgets","monthlyIncome":"0-25000"},
             "businessDetails":{"name":"Sharma Traders","address":{"line1":"12 MG Road","landmark":"Near Temple","locality":"Farshi",
               "city":"Khamgaon","pincode":"444303","location":{"latitude":"20.7","longitude":"76.5"}},"uanDetails":{"uan":"UDYAM123456"}},
             "kyc":{"address":"12 MG Road, Khamgaon 444303"}}
            """))!;
        Assert.Equal("203.0.X.X", (string?)masked["consents"]![0]!["ipAddress"]);
        Assert.Equal("2001:db8:X", (string?)masked["consents"]![1]!["ipAddress"]);
        Assert.Equal("XXXXXXXX", (string?)masked["employmentDetails"]!["employmentOrganization"]);
        Assert.Equal("0-25000", (string?)masked["employmentDetails"]!["monthlyIncome"]);
        var business = masked["businessDetails"]!;
        Assert.Equal("S***** T******", (string?)business["name"]);
        Assert.Equal("XXXXXXXX", (string?)business["address"]!["line1"]);
        Assert.Equal("XXXXXXXX", (string?)business["address"]!["landmark"]);
        Assert.Equal("XXXXXX", (string?)business["address"]!["locality"]);
        Assert.Equal("Khamgaon", (string?)business["address"]!["city"]);
        Assert.Equal("444303", (string?)business["address"]!["pincode"]);
        Assert.Equal("XXXX", (string?)business["address"]!["location"]!["latitude"]);
        Assert.Equal("XXXXXXX3456", (string?)business["uanDetails"]!["uan"]);
        Assert.Equal("XXXXXXXX", (string?)masked["kyc"]!["address"]);
    }

    [Fact]
    public void MaskForLog_TheIdsTheJournalKeeps_AreMaskedToo_TheRestAsInTheJournal()
    {
        const string Body = """
            {"customerID":"CUST-9","loanApplicationIDs":["la-1","la-2"],"data":{"loanApplicationID":"la-1","utrNumber":"UTR123","pan":"ABCDE1234F"},
             "app_id":"CFAPP-1234","order_id":"ORD-1","verified_customer_ref_id":"REF-1","otp":"123456","amount":100,"lan":null}
            """;
        var journal = JsonNode.Parse(JsonBodyMasker.Mask(Body))!;
        var log = JsonNode.Parse(JsonBodyMasker.MaskForLog(Body))!;

        Assert.Equal(("CUST-9", "CFAPP-1234"), ((string?)journal["customerID"], (string?)journal["app_id"]));
        foreach (var id in new[] { log["customerID"], log["loanApplicationIDs"]![0], log["loanApplicationIDs"]![1], log["data"]!["loanApplicationID"],
                     log["data"]!["utrNumber"], log["app_id"], log["order_id"], log["verified_customer_ref_id"] })
        {
            Assert.Equal("***", (string?)id);
        }

        Assert.Null(log["otp"]);
        Assert.Null(log["lan"]);
        Assert.Equal("XXXXX1234F", (string?)log["data"]!["pan"]);
        Assert.Equal(100, (int)log["amount"]!);

        // The journal's form given again (what the recording handler has) masks the same.
        Assert.Equal(log.ToJsonString(), JsonBodyMasker.MaskForLog(journal.ToJsonString()));
    }

    // Session 53 ("Secrets in answers"): a log line outlives every answer, so a lender body's credentials under names the
    // removed list does not hold (accessToken, client_secret) are masked there whoever reads it; the journal keeps them
    // (the answers mask them when they are read, and a partner reads its own whole).
    [Fact]
    public void MaskForLog_CredentialsByTheSecretKeyRule_AreMaskedAtAnyDepth_TheJournalKeepsThem()
    {
        const string Body = """{"client_secret":"cs_live_0000abcd","data":{"accessToken":{"value":"at-eyJhbGci-1357","expiresIn":86400},"tokenExpiresAt":"2026-12-09T00:00:00Z"}}""";
        var journal = JsonNode.Parse(JsonBodyMasker.Mask(Body))!;
        var log = JsonNode.Parse(JsonBodyMasker.MaskForLog(Body))!;

        Assert.Equal("cs_live_0000abcd", (string?)journal["client_secret"]);
        Assert.Equal("••••abcd", (string?)log["client_secret"]);
        Assert.Equal("••••1357", (string?)log["data"]!["accessToken"]!["value"]);
        Assert.Equal("••••6400", (string?)log["data"]!["accessToken"]!["expiresIn"]);
        Assert.Equal("2026-12-09T00:00:00Z", (string?)log["data"]!["tokenExpiresAt"]);
        Assert.Equal(log.ToJsonString(), JsonBodyMasker.MaskForLog(log.ToJsonString()));
    }
}
