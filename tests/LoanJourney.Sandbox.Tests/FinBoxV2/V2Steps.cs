using System.Text.Json;

namespace LoanJourney.Sandbox.Tests.FinBoxV2;

/// <summary>Journey steps over raw HTTP, with the bodies the Lender Prism v2 document shows.</summary>
public static class V2Steps
{
    public static async Task<string> CreateWithDetailsAsync(HttpClient client, string mobileSuffix)
    {
        var customer = Wire.NewId("v2");
        var mobile = "987654" + mobileSuffix;
        var created = await client.FinBoxPost("/v2/user/create", $$"""{ "customerID": "{{customer}}", "mobile": "{{mobile}}" }""").Json();
        Assert.Equal("CUR-S-000", created.Str("statusCode"));
        var details = await client.FinBoxPost("/v2/user/details/update", DetailsJson(customer)).Json();
        Assert.Equal("UUD-S-000", details.Str("statusCode"));
        return customer;
    }

    public static string DetailsJson(string customer, string pan = "XYZPA1234A") => $$"""
        {
          "customerID": "{{customer}}",
          "program": "PERSONAL_LOAN",
          "basicDetails": {
            "personalDetails": {
              "pan": "{{pan}}", "email": "testuser@gmail.com", "name": "Test User", "dob": "1997-11-18", "gender": "MALE",
              "currentAddress": { "pincode": "560095", "currentAddressLine1": "some_address_L1", "currentAddressLine2": "some_address_L2", "currentAddressCity": "some_city", "currentAddressState": "some_state" }
            },
            "employmentDetails": { "employmentType": "Salaried", "monthlyIncome": "0-25000", "email": "testuser@organization.com", "employmentOrganization": "some_org",
              "address": { "line1": "some_address_L1", "line2": "some_address_L2", "city": "some_city", "state": "some_state", "pincode": "560095" } }
          },
          "consents": [
            { "type": "HYBRID_CONSENT", "timestamp": "someTimestamp", "body": "some_consent_content", "ipAddress": "192.0.2.1", "url": "some_url" },
            { "type": "BUREAU", "timestamp": "someTimestamp", "body": "some_consent_content", "ipAddress": "192.0.2.1", "url": "some_url" },
            { "type": "TNC", "timestamp": "someTimestamp", "body": "some_consent_content", "ipAddress": "192.0.2.1", "url": "some_url" }
          ]
        }
        """;

    /// <summary>Polls a GET-by-referenceID until it leaves PROCESSING/ACTION_PENDING; returns every answer seen.</summary>
    public static async Task<List<JsonElement>> PollAsync(HttpClient client, string path, string referenceId)
    {
        var answers = new List<JsonElement>();
        for (var i = 0; i < 10; i++)
        {
            var answer = await client.FinBoxGet($"{path}?referenceID={referenceId}").Json();
            answers.Add(answer);
            if (answer.Str("data.status") is not ("PROCESSING" or "ACTION_PENDING"))
            {
                return answers;
            }
        }

        throw new InvalidOperationException("operation never finished");
    }

    public static async Task<string> TriggerAsync(HttpClient client, string path, string json, string expectedCode)
    {
        var answer = await client.FinBoxPost(path, json).Json();
        Assert.Equal(expectedCode, answer.Str("statusCode"));
        return answer.Str("data.referenceID");
    }

    public static async Task<JsonElement> BreAsync(HttpClient client, string customer)
    {
        var reference = await TriggerAsync(client, "/v2/user/offers", $$"""{ "customerID": "{{customer}}", "riskVariables": {} }""", "GNO-S-000");
        return (await PollAsync(client, "/v2/user/offers", reference))[^1];
    }

    public static async Task<string> AcceptFirstSlabAsync(HttpClient client, string customer)
    {
        var bre = await BreAsync(client, customer);
        Assert.Equal("SUCCESS", bre.Str("data.status"));
        var offerId = bre.GetProperty("data").GetProperty("offers")[0].Str("offerID");
        var accepted = await client.FinBoxPost("/user/acceptOffer", $$"""
            { "customerID": "{{customer}}", "offerDetails": { "offerID": "{{offerId}}", "amount": 80000, "tenure": 8, "interest": 25 } }
            """).Json();
        Assert.Equal("AOP-S-000", accepted.Str("statusCode"));
        return offerId;
    }

    public static string Program(string customer, string program = "PERSONAL_LOAN") =>
        $$"""{ "customerID": "{{customer}}", "program": "{{program}}" }""";

    public static async Task<JsonElement> KycAsync(HttpClient client, string customer) =>
        (await PollAsync(client, "/v2/kyc/details", await TriggerAsync(client, "/v2/kyc/ckyc", Program(customer), "TCK-S-000")))[^1];

    public static async Task<JsonElement> AgreementAsync(HttpClient client, string customer) =>
        (await PollAsync(client, "/v2/loan/agreement", await TriggerAsync(client, "/v2/loan/agreement", Program(customer), "TAS-S-000")))[^1];

    public static async Task<JsonElement> BankingAsync(HttpClient client, string customer)
    {
        using var form = Wire.Form(("customerID", customer), ("bankName", "HDFC"), ("uploadType", "PDF")).WithFile("files", 1024);
        using var response = await client.FinBoxForm("/v2/user/bank/analyse", form);
        var answer = await response.Json();
        Assert.Equal("BANK-TBN-S-000", answer.Str("statusCode"));
        return (await PollAsync(client, "/v2/user/bank/analyse", answer.Str("data.referenceID")))[^1];
    }
}
