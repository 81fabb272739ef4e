using Microsoft.Extensions.DependencyInjection;

namespace LoanJourney.Sandbox.Tests;

/// <summary>
/// The in-process question a host's draft test run asks (docs/sandbox.md, "Webhooks still to come"): is a webhook still to come
/// about this borrower, or for this handshake?
/// </summary>
public sealed class SandboxWebhookOutlookTests
{
    [Fact]
    public async Task AStartedV1Journey_AndADelayedHandshakeAnswer_AreStillToCome_ABorrowerWithNothingQueuedIsNot()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        await using var host = await SandboxHost.StartAsync(new Dictionary<string, string?>
        {
            ["Sandbox:WebhookUrl"] = receiver.Url.ToString(),
            ["Sandbox:WebhookAutoAdvance"] = "true",
            // Nothing moves on by itself while the test looks.
            ["Sandbox:WebhookStepDelay"] = "01:00:00",
            ["Sandbox:PartnerCallbackDelay"] = "01:00:00",
        });
        var outlook = host.Services.GetRequiredService<SandboxWebhookOutlook>();

        // Scenario 0009: user_created is posted, and then nothing: the borrower has no eligibility data, so no token, no journey.
        var stalled = Wire.NewId("v1");
        await host.Client.FinBoxPost("/v1/user/create", $$"""{ "customerID": "{{stalled}}", "mobile": "9876540009" }""");
        await receiver.WaitForAsync(1);
        await WaitUntilAsync(() => !outlook.AnyToCome(stalled, null));

        // Token issued: the journey's stages are still to come, an hour apart.
        var started = Wire.NewId("v1");
        await host.Client.FinBoxPost("/v1/user/create", $$"""{ "customerID": "{{started}}", "mobile": "9876541234" }""");
        await host.Client.FinBoxGet($"/v1/user/eligibility?customerID={started}");
        using (await host.Client.FinBoxPost("/v1/user/token", $$"""{ "customerID": "{{started}}", "source": "android" }"""))
        {
        }

        await receiver.WaitForAsync(3);
        Assert.True(outlook.AnyToCome(started, null));
        Assert.False(outlook.AnyToCome(stalled, null));

        // A partner's asynchronous handshake answer (0010), delayed an hour: to come for that handshake id only.
        var handshake = Wire.NewId("hs");
        using (await host.Client.AuthorizedPost("/handshake/token", $$"""
            {
              "handshake_id": "{{handshake}}", "captured_customer_ref_id": "ABCD1234512222",
              "customer_attrs": { "email": "a@B.com", "phone": "9876540010", "customer_name": "test name", "business_name": "test biz", "resi_address": "x",
                                  "resi_pincode": "1111", "resi_city": "bangalore", "biz_address": "y", "biz_pincode": "123456", "biz_city": "bangalore" },
              "async_result_callback_url": "{{receiver.Url}}"
            }
            """))
        {
        }

        Assert.True(outlook.AnyToCome(stalled, handshake));
        Assert.False(outlook.AnyToCome(stalled, Wire.NewId("hs")));
    }

    [Fact]
    public async Task AFinishedV1Journey_OnceItsLastWebhookIsDelivered_HasNothingToCome()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        await using var host = await SandboxHost.StartAsync(new Dictionary<string, string?>
        {
            ["Sandbox:WebhookUrl"] = receiver.Url.ToString(),
            ["Sandbox:WebhookAutoAdvance"] = "true",
            ["Sandbox:WebhookStepDelay"] = "00:00:00.005",
        });
        var outlook = host.Services.GetRequiredService<SandboxWebhookOutlook>();
        var customer = Wire.NewId("v1");
        await host.Client.FinBoxPost("/v1/user/create", $$"""{ "customerID": "{{customer}}", "mobile": "9876541234" }""");
        await host.Client.FinBoxGet($"/v1/user/eligibility?customerID={customer}");
        using (await host.Client.FinBoxPost("/v1/user/token", $$"""{ "customerID": "{{customer}}", "source": "android" }"""))
        {
        }

        // user_created, eligibility_calculated and the six stages to loan_disbursed.
        await receiver.WaitForAsync(8);
        await WaitUntilAsync(() => !outlook.AnyToCome(customer, null));
        Assert.Equal(8, receiver.Received.Count);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(20, limit.Token);
        }
    }
}
