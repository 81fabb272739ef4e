using System.Net;
using LoanJourney.Activities.Partner;
using LoanJourney.Server.Tests.Support;

namespace LoanJourney.Server.Tests;

/// <summary>
/// FinBox's webhook carries no signature: the receiving URL carries a secret we generate, and each partner handshake has
/// its own callback URL. A post to a wrong or missing token is refused with 401 before anything is stored.
/// </summary>
public sealed class WebhookUrlTokenTests : IDisposable
{
    private const string FinBoxToken = "finbox-url-token-0123456789abcdef0123456789abcdef";
    private const string PartnerKey = "partner-callback-key-0123456789abcdef0123456789";

    private readonly ServerFactory _factory = new(new Dictionary<string, string?>
    {
        ["Webhook:FinBox:UrlToken"] = FinBoxToken,
        ["Webhook:Partner:UrlToken"] = PartnerKey,
    });

    public void Dispose() => _factory.Dispose();

    private static string Disbursed(string customer) =>
        $$"""{"customerID":"{{customer}}","entityType":"system","eventType":"loan_disbursed","loanApplicationID":"APP-1","loggedAt":"2026-01-01 10:00:00"}""";

    [Fact]
    public async Task WebhookToAWrongOrMissingUrlTokenIsRefusedAndStoredNowhere()
    {
        var customer = "TOK-" + Guid.NewGuid().ToString("N")[..8];
        var anonymous = _factory.CreateClient();

        await (await anonymous.PostAsync("/webhooks/finbox", Api.Json(Disbursed(customer)))).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.PostAsync("/webhooks/finbox/not-the-token", Api.Json(Disbursed(customer)))).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.PostAsync("/webhooks/finbox/" + FinBoxToken[..^1], Api.Json(Disbursed(customer)))).AssertProblemAsync(HttpStatusCode.Unauthorized);

        // Had any of them been kept, the journey would consume it the moment it waits.
        var api = _factory.CreateApiClient();
        var id = await api.StartAsync("test-webhook", new { customerId = customer });
        var waiting = await api.WaitForStatusAsync(id, "Waiting");
        Assert.Equal("Waiting", waiting["status"]!.GetValue<string>());

        var accepted = await anonymous.PostAsync("/webhooks/finbox/" + FinBoxToken, Api.Json(Disbursed(customer)));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal("Routed", (await accepted.ReadObjectAsync())["status"]!.GetValue<string>());
        Assert.Equal("Disbursed", (await api.WaitForStatusAsync(id, "Completed"))["outcome"]!.GetValue<string>());
    }

    [Fact]
    public async Task EachHandshakeHasItsOwnCallbackUrl_AnotherHandshakesUrlIsRefused()
    {
        var anonymous = _factory.CreateClient();
        var url = HandshakeCallbackToken.CallbackPath(PartnerKey, "hs-one");
        Assert.StartsWith("/webhooks/partner/handshake/hs-one/", url, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Accepted, (await anonymous.PostAsync(url, Api.Json("""{"status":"1","handshake_id":"hs-one","verified_customer_ref_id":"V-1"}"""))).StatusCode);
        await (await anonymous.PostAsync(url, Api.Json("""{"status":"1","handshake_id":"hs-two","verified_customer_ref_id":"V-2"}"""))).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.PostAsync(url.Replace("hs-one", "hs-two", StringComparison.Ordinal), Api.Json("""{"status":"1","handshake_id":"hs-two"}"""))).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.PostAsync("/webhooks/partner/handshake", Api.Json("""{"status":"1","handshake_id":"hs-one"}"""))).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }
}
