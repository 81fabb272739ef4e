using System.Net.Http.Json;
using System.Text.Json;
using LoanJourney.Sandbox.Tests.FinBoxV2;

namespace LoanJourney.Sandbox.Tests.Durability;

/// <summary>
/// <c>Sandbox:DataPath</c>: the sandbox is stopped and started again on the same SQLite file and must remember everything a
/// real lender would (users, reference ids and their poll progress, OTPs, blocks, counters, queued webhooks).
/// </summary>
public sealed class SandboxStateTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "lj-sandbox-state-" + Guid.NewGuid().ToString("N"));

    private string DataPath => Path.Combine(_directory, "sandbox.db");

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    private Task<SandboxHost> StartAsync(params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string?> { ["Sandbox:DataPath"] = DataPath, ["Sandbox:ProcessingPolls"] = "2" };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        return SandboxHost.StartAsync(settings);
    }

    private static async Task<JsonElement> PayLaterAsync(HttpClient client, string path, string json) => await client.AuthorizedPost(path, json).Json();

    [Fact]
    public async Task ARestartedSandboxRemembersUsersPollProgressOtpsBlocksAndCounters()
    {
        var app = Wire.NewId("app");
        string customer, reference, otp;
        await using (var first = await StartAsync())
        {
            customer = await V2Steps.CreateWithDetailsAsync(first.Client, "1234");
            reference = await V2Steps.TriggerAsync(first.Client, "/v2/user/offers", $$"""{ "customerID": "{{customer}}", "riskVariables": {} }""", "GNO-S-000");
            Assert.Equal("PROCESSING", (await first.Client.FinBoxGet($"/v2/user/offers?referenceID={reference}").Json()).Str("data.status"));
            Assert.Equal("1", (await PayLaterAsync(first.Client, "/paylater/block", $$"""{ "app_id": "{{app}}", "order_id": "o-1", "amount": "5000" }""")).Str("status"));
            otp = (await first.Client.GetAsync($"sandbox/capitalfloat/otp?app_id={app}&order_id=o-1").Json()).Str("otp");
        }

        await using (var second = await StartAsync())
        {
            // One PROCESSING answer was used before the restart: one is left, then the result.
            var polls = await V2Steps.PollAsync(second.Client, "/v2/user/offers", reference);
            Assert.Equal(["PROCESSING", "SUCCESS"], polls.Select(p => p.Str("data.status")));
            Assert.Equal("CUR-E-002", (await second.Client.FinBoxPost("/v2/user/create", $$"""{ "customerID": "{{customer}}", "mobile": "9876541234" }""").Json()).Str("statusCode"));

            Assert.Equal(otp, (await second.Client.GetAsync($"sandbox/capitalfloat/otp?app_id={app}&order_id=o-1").Json()).Str("otp"));
            Assert.Equal("1", (await PayLaterAsync(second.Client, "/paylater/verify_block", $$"""{ "app_id": "{{app}}", "order_id": "o-1", "otp": "{{otp}}" }""")).Str("status"));
            Assert.Equal("-13", (await PayLaterAsync(second.Client, "/paylater/block", $$"""{ "app_id": "{{app}}", "order_id": "o-1", "amount": "5000" }""")).Str("status"));
            Assert.Equal("1", (await PayLaterAsync(second.Client, "/paylater/tranche", $$"""{ "app_id": "{{app}}", "amount": "3000", "order_id": "o-1", "suborder_id": "s-1" }""")).Str("status"));
        }

        await using (var third = await StartAsync())
        {
            var counters = await third.Client.GetFromJsonAsync<Dictionary<string, int>>($"sandbox/counters/{app}");
            Assert.Equal(new Dictionary<string, int> { ["block"] = 1, ["blockDuplicate"] = 1, ["blockRequest"] = 2, ["tranche"] = 1 }, counters);
            Assert.Equal("-24", (await PayLaterAsync(third.Client, "/paylater/tranche", $$"""{ "app_id": "{{app}}", "amount": "3000", "order_id": "o-1", "suborder_id": "s-2" }""")).Str("status"));

            (await third.Client.PostAsync("sandbox/reset", null)).EnsureSuccessStatusCode();
        }

        await using (var afterReset = await StartAsync())
        {
            Assert.Empty((await afterReset.Client.GetFromJsonAsync<Dictionary<string, Dictionary<string, int>>>("sandbox/counters"))!);
            Assert.Equal("FBX-E-008", (await afterReset.Client.FinBoxGet($"/v2/user/offers?referenceID={reference}").Json()).Str("statusCode"));
        }
    }

    [Fact]
    public async Task AWebhookQueuedWhenTheSandboxStopsIsDeliveredOnceAfterItStartsAgain()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        var webhook = ("Sandbox:WebhookUrl", receiver.Url.ToString());
        await using (var first = await StartAsync(webhook))
        {
            (await first.Client.PutAsJsonAsync("sandbox/outbound/hold", new { hold = true })).EnsureSuccessStatusCode();
            await first.Client.FinBoxPost("/v1/user/create", $$"""{ "customerID": "{{Wire.NewId("v1")}}", "mobile": "9876541234" }""");
            Assert.Equal(1, (await first.Client.GetFromJsonAsync<JsonElement>("sandbox/outbound/hold")).GetProperty("pending").GetInt32());
        }

        Assert.Equal(0, receiver.Attempts);
        await using (var second = await StartAsync(webhook))
        {
            var received = await receiver.WaitForAsync(1);
            Assert.Equal("user_created", Assert.Single(received).Json.Str("eventType"));
            var delivered = await DeliveriesAsync(second.Client, 1);
            Assert.True(delivered[0].GetProperty("delivered").GetBoolean());
            Assert.Equal(0, (await second.Client.GetFromJsonAsync<JsonElement>("sandbox/outbound/hold")).GetProperty("pending").GetInt32());
        }

        // Nothing left in the outbox, so nothing is sent again.
        await using (var third = await StartAsync(webhook))
        {
            Assert.Single((await third.Client.GetFromJsonAsync<JsonElement[]>("sandbox/outbound"))!);
            Assert.Equal(0, (await third.Client.GetFromJsonAsync<JsonElement>("sandbox/outbound/hold")).GetProperty("pending").GetInt32());
        }

        Assert.Equal(1, receiver.Attempts);
    }

    /// <summary>The delivery record is written right after the receiver answered: read it until it shows up (10 s at most).</summary>
    private static async Task<JsonElement[]> DeliveriesAsync(HttpClient client, int count)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var deliveries = (await client.GetFromJsonAsync<JsonElement[]>("sandbox/outbound"))!;
            if (deliveries.Length >= count || clock.Elapsed > TimeSpan.FromSeconds(10))
            {
                return deliveries;
            }

            await Task.Delay(20);
        }
    }
}
