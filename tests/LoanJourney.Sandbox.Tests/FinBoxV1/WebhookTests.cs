using System.Security.Cryptography;
using System.Text;

namespace LoanJourney.Sandbox.Tests.FinBoxV1;

/// <summary>v1 webhooks POSTed to the test's own Kestrel endpoint; every wait is a TaskCompletionSource with a timeout.</summary>
public sealed class WebhookTests
{
    // Posted as they happen, before the token: the seed's own webhook sample is eligibility_calculated.
    private static readonly string[] BeforeToken = ["user_created", "eligibility_calculated"];

    private static readonly string[] HappyEvents =
    [
        .. BeforeToken,
        "loan_application_created", "kyc_success", "bank_added", "loan_approved", "loan_signed_agreement_generated", "loan_disbursed",
    ];

    private static async Task<string> StartJourneyAsync(HttpClient client, string suffix = "1234")
    {
        var customer = Wire.NewId("v1");
        await client.FinBoxPost("/v1/user/create", $$"""{ "customerID": "{{customer}}", "mobile": "987654{{suffix}}" }""");
        await client.FinBoxGet($"/v1/user/eligibility?customerID={customer}");
        using var token = await client.FinBoxPost("/v1/user/token", $$"""{ "customerID": "{{customer}}", "source": "android" }""");
        return customer;
    }

    private static Dictionary<string, string?> Settings(CallbackReceiver receiver, params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Sandbox:WebhookUrl"] = receiver.Url.ToString(),
            ["Sandbox:WebhookAutoAdvance"] = "true",
            ["Sandbox:WebhookStepDelay"] = "00:00:00.005",
        };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        return settings;
    }

    [Fact]
    public async Task AfterTheTokenTheJourneyMovesOnAndEachStepIsPostedInOrderWithTheSecret()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        await using var host = await SandboxHost.StartAsync(Settings(receiver, ("Sandbox:WebhookSecret", "s3cret")));
        var customer = await StartJourneyAsync(host.Client);

        var received = await receiver.WaitForAsync(HappyEvents.Length);

        Assert.Equal(HappyEvents, received.Select(r => r.Json.Str("eventType")));
        var first = received[BeforeToken.Length];
        Assert.Equal((customer, "android", "personal_loan"), (first.Json.Str("customerID"), first.Json.Str("source"), first.Json.Str("journeyType")));
        Assert.Equal("s3cret", first.Headers["X-Webhook-Secret"]);
        var signature = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes("s3cret"), Encoding.UTF8.GetBytes(first.Body)));
        Assert.Equal(signature, first.Headers["X-Webhook-Signature"]);
    }

    [Fact]
    public async Task NonSuccessAnswersAreRetriedUpToThreeTimes()
    {
        await using var receiver = await CallbackReceiver.StartAsync(refuseFirst: 3);
        await using var host = await SandboxHost.StartAsync(Settings(receiver, ("Sandbox:WebhookAutoAdvance", "false")));
        var customer = await StartJourneyAsync(host.Client);
        await host.Client.PostAsync($"sandbox/finbox/users/{customer}/advance", null);

        var received = await receiver.WaitForAsync(3);

        // user_created is refused 3 times and accepted on its 4th attempt; the next two go through at once.
        Assert.Equal([.. BeforeToken, "loan_application_created"], received.Select(r => r.Json.Str("eventType")));
        Assert.Equal(6, receiver.Attempts);
    }

    [Fact]
    public async Task DeliveryGivesUpAfterFourAttempts()
    {
        await using var receiver = await CallbackReceiver.StartAsync(refuseFirst: 4);
        await using var host = await SandboxHost.StartAsync(Settings(receiver, ("Sandbox:WebhookAutoAdvance", "false")));
        await StartJourneyAsync(host.Client);

        // The second event is delivered after the first gave up (same customer, in order): 4 refused + 1 accepted.
        var received = await receiver.WaitForAsync(1);

        Assert.Equal("eligibility_calculated", received[0].Json.Str("eventType"));
        Assert.Equal(5, receiver.Attempts);
        var deliveries = (await host.Client.GetAsync("sandbox/outbound").Json()).EnumerateArray().ToList();
        Assert.Contains(deliveries, d => d.Str("attempts") == "4" && d.Str("delivered") == "false");
    }

    [Fact]
    public async Task DuplicatesOptionDeliversEveryEventTwice()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        await using var host = await SandboxHost.StartAsync(Settings(receiver, ("Sandbox:WebhookDuplicates", "true")));
        await StartJourneyAsync(host.Client);

        var received = await receiver.WaitForAsync(HappyEvents.Length * 2);

        Assert.Equal(HappyEvents.SelectMany(e => new[] { e, e }), received.Select(r => r.Json.Str("eventType")));
    }

    [Fact]
    public async Task ShuffleOptionDeliversEveryEventOutOfOrder()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        await using var host = await SandboxHost.StartAsync(Settings(receiver, ("Sandbox:WebhookShuffle", "true")));
        await StartJourneyAsync(host.Client);

        var received = (await receiver.WaitForAsync(HappyEvents.Length)).Select(r => r.Json.Str("eventType")).ToList();

        Assert.NotEqual(HappyEvents, received);
        Assert.Equal(HappyEvents.Order(StringComparer.Ordinal), received.Order(StringComparer.Ordinal));
        Assert.Equal([.. BeforeToken, "kyc_success"], received.Take(3));
    }

    [Fact]
    public async Task Scenario0006ApplicationIsRejected()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        await using var host = await SandboxHost.StartAsync(Settings(receiver));
        await StartJourneyAsync(host.Client, "0006");

        var received = await receiver.WaitForAsync(4);

        Assert.Equal([.. BeforeToken, "loan_application_created", "loan_rejected"], received.Select(r => r.Json.Str("eventType")));
        Assert.Contains("reason", received[3].Json.Str("eventDescription"), StringComparison.Ordinal);
    }
}
