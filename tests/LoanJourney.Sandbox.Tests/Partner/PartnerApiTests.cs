using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace LoanJourney.Sandbox.Tests.Partner;

public sealed class PartnerApiTests : IAsyncLifetime
{
    private CallbackReceiver _callbacks = null!;
    private SandboxHost _host = null!;

    public async Task InitializeAsync()
    {
        _callbacks = await CallbackReceiver.StartAsync();
        _host = await SandboxHost.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _callbacks.DisposeAsync();
    }

    private string Handshake(string phone, string handshakeId) => $$"""
        {
          "handshake_id": "{{handshakeId}}",
          "captured_customer_ref_id": "ABCD1234512222",
          "customer_attrs": { "email": "a@B.com", "phone": "{{phone}}", "customer_name": "test name", "business_name": "test biz", "resi_address": "test resi add",
                              "resi_pincode": "1111", "resi_city": "bangalore", "biz_address": "asasassa", "biz_pincode": "123456", "biz_city": "bangalore" },
          "async_result_callback_url": "{{_callbacks.Url}}",
          "token_callback_url": "Optional now."
        }
        """;

    [Theory]
    [InlineData("/application/token")]
    [InlineData("/apps/token")]
    public async Task TokenSharesAreAcceptedRecordedAndCounted(string path)
    {
        var reference = Wire.NewId("ref");
        var answer = await _host.Client.AuthorizedPost(path, $$"""
            { "x_partner_token": "3c62880548592b9366a186df2253e993da9cc", "amount_sanctioned": "100000", "final_approval": true, "loan_duration_type": "days",
              "interest_frequency": "yearly", "interest_type": "reducing", "interest": "18", "duration": "360", "verified_customer_ref_id": "{{reference}}" }
            """).Json();
        Assert.Equal(("1", ""), (answer.Str("status"), answer.Str("msg")));

        await _host.Client.AuthorizedPost(path, $$"""{ "final_approval": false, "verified_customer_ref_id": "{{reference}}" }""");
        var shares = (await _host.Client.GetAsync("sandbox/partner/token-shares").Json()).EnumerateArray()
            .Where(s => s.Str("Share.verified_customer_ref_id") == reference).Select(s => s.Str("Share.final_approval")).ToList();
        Assert.Equal(["true", "false"], shares);
        Assert.Equal(2, (await _host.Client.GetAsync($"sandbox/counters/{reference}").Json()).GetProperty("tokenShare").GetInt32());

        // The same decision again is a re-send: recorded, and counted apart from the decisions.
        await _host.Client.AuthorizedPost(path, $$"""{ "final_approval": false, "verified_customer_ref_id": "{{reference}}" }""");
        var counters = await _host.Client.GetAsync($"sandbox/counters/{reference}").Json();
        Assert.Equal((2, 1), (counters.GetProperty("tokenShare").GetInt32(), counters.GetProperty("tokenShareDuplicate").GetInt32()));
    }

    [Fact]
    public async Task TokenShareWithoutTheTokenForAnApprovalIsAnError()
    {
        var answer = await _host.Client.AuthorizedPost("/application/token", """{ "final_approval": true, "verified_customer_ref_id": "r" }""").Json();
        Assert.Equal("-1", answer.Str("status"));
    }

    [Fact]
    public async Task HandshakeAnswersInSyncByDefault()
    {
        var answer = await _host.Client.AuthorizedPost("/handshake/token", Handshake("1234543212", "h-sync")).Json();
        Assert.Equal(("1", "ABCD1234512222", "h-sync"), (answer.Str("status"), answer.Str("verified_customer_ref_id"), answer.Str("handshake_id")));
        Assert.Equal("1234543212", answer.Str("customer_data.phone"));
    }

    [Fact]
    public async Task Scenario0010HandshakeAnswersAsyncAndPostsTheResultToTheCallback()
    {
        var answer = await _host.Client.AuthorizedPost("/handshake/token", Handshake("9876540010", "h-async")).Json();
        Assert.Equal("2", answer.Str("status"));

        var posted = (await _callbacks.WaitForAsync(1))[0].Json;
        Assert.Equal(("1", "h-async", "ABCD1234512222"), (posted.Str("status"), posted.Str("handshake_id"), posted.Str("verified_customer_ref_id")));
    }

    [Fact]
    public async Task AsyncHandshakeResultIsSignedWhenAPartnerCallbackSecretIsSet()
    {
        await using var host = await SandboxHost.StartAsync(new Dictionary<string, string?> { ["Sandbox:PartnerCallbackSecret"] = "p-secret" });
        await host.Client.AuthorizedPost("/handshake/token", Handshake("9876540010", "h-signed"));

        var posted = (await _callbacks.WaitForAsync(1))[0];

        Assert.Equal("p-secret", posted.Headers["X-Webhook-Secret"]);
        var signature = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes("p-secret"), Encoding.UTF8.GetBytes(posted.Body)));
        Assert.Equal(signature, posted.Headers["X-Webhook-Signature"]);
    }

    [Fact]
    public async Task EachPartnersRoute_SignsItsAsyncHandshakeResults_WithThatPartnersOwnSecret()
    {
        // Session 46 signed every partner's callbacks with the one PartnerCallbackSecret, which a server giving each partner its own
        // inbound secret (Webhook:Partners:<partner>) refuses for a partner's journey: its journeys waited at the handshake.
        await using var host = await SandboxHost.StartAsync(new Dictionary<string, string?>
        {
            ["Sandbox:PartnerCallbackSecret"] = "shared-secret",
            ["Sandbox:PartnerCallbackSecrets:acme"] = "acme-secret",
            ["Sandbox:PartnerCallbackSecrets:globex"] = "globex-secret",
        });
        await host.Client.AuthorizedPost("/partners/acme/handshake/token", Handshake("9876540010", "h-acme"));
        await host.Client.AuthorizedPost("/partners/globex/handshake/token", Handshake("9876540010", "h-globex"));
        await host.Client.AuthorizedPost("/partners/zeta/handshake/token", Handshake("9876540010", "h-zeta"));
        await host.Client.AuthorizedPost("/handshake/token", Handshake("9876540010", "h-team"));

        var posted = (await _callbacks.WaitForAsync(4)).ToDictionary(p => p.Json.Str("handshake_id"));

        foreach (var (handshake, secret) in new[] { ("h-acme", "acme-secret"), ("h-globex", "globex-secret"), ("h-zeta", "shared-secret"), ("h-team", "shared-secret") })
        {
            Assert.Equal(secret, posted[handshake].Headers["X-Webhook-Secret"]);
            var signature = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(posted[handshake].Body)));
            Assert.Equal(signature, posted[handshake].Headers["X-Webhook-Signature"]);
        }
    }

    [Fact]
    public async Task Scenario0011HandshakeIsAnError()
    {
        var answer = await _host.Client.AuthorizedPost("/handshake/token", Handshake("9876540011", "h-err")).Json();
        Assert.True(int.Parse(answer.Str("status"), System.Globalization.CultureInfo.InvariantCulture) < 0);
    }

    [Fact]
    public async Task Scenario0012AsyncHandshakePostsAnErrorResult()
    {
        Assert.Equal("2", (await _host.Client.AuthorizedPost("/handshake/token", Handshake("9876540012", "h-async-err")).Json()).Str("status"));
        var posted = (await _callbacks.WaitForAsync(1))[0].Json;
        Assert.Equal(("-2", "h-async-err"), (posted.Str("status"), posted.Str("handshake_id")));
    }

    [Fact]
    public async Task MissingAuthorizationIsRefused()
    {
        using var response = await Wire.Send(_host.Client, HttpMethod.Post, "/handshake/token", Handshake("1234543212", "h"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
