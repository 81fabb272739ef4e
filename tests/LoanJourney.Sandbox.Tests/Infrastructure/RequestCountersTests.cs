using System.Net;
using System.Net.Http.Json;

namespace LoanJourney.Sandbox.Tests.Infrastructure;

/// <summary>A draft test run's lender calls (header X-Sandbox-Test-Run) are counted apart from every other caller's.</summary>
public sealed class RequestCountersTests
{
    private const string TestRunHeader = "X-Sandbox-Test-Run";

    [Fact]
    public async Task ATestRunsBlockAndTranche_AreCountedInTheTestRunsBook_NotAmongTheCountersOperatorsRead()
    {
        await using var host = await SandboxHost.StartAsync();
        var app = Wire.NewId("app");

        // A test run blocks and draws a tranche for the app; then a real journey (no header) blocks for the same app.
        await TestRunPostAsync(host, "/paylater/block", $$"""{ "app_id": "{{app}}", "order_id": "o-run", "amount": "100" }""");
        var otp = (await host.Client.GetAsync($"sandbox/capitalfloat/otp?app_id={app}&order_id=o-run&testRuns=true").Json()).Str("otp");
        await TestRunPostAsync(host, "/paylater/verify_block", $$"""{ "app_id": "{{app}}", "order_id": "o-run", "otp": "{{otp}}" }""");
        var tranche = await TestRunPostAsync(host, "/paylater/tranche", $$"""{ "app_id": "{{app}}", "amount": "100", "order_id": "o-run", "suborder_id": "s" }""");
        Assert.Equal("1", tranche.Str("status"));
        Assert.Equal("1", (await host.Client.AuthorizedPost("/paylater/block", $$"""{ "app_id": "{{app}}", "order_id": "o-real", "amount": "100" }""").Json()).Str("status"));

        var journeys = await host.Client.GetFromJsonAsync<Dictionary<string, Dictionary<string, int>>>("sandbox/counters");
        Assert.Equal(new Dictionary<string, int> { ["block"] = 1, ["blockRequest"] = 1 }, journeys![app]);
        Assert.Equal(journeys[app], await host.Client.GetFromJsonAsync<Dictionary<string, int>>($"sandbox/counters/{app}"));

        var testRuns = await host.Client.GetFromJsonAsync<Dictionary<string, Dictionary<string, int>>>("sandbox/counters?testRuns=true");
        Assert.Equal(new Dictionary<string, int> { ["block"] = 1, ["blockRequest"] = 1, ["tranche"] = 1 }, testRuns![app]);
        Assert.Equal(testRuns[app], await host.Client.GetFromJsonAsync<Dictionary<string, int>>($"sandbox/counters/{app}?testRuns=true"));

        // A reset clears both books.
        Assert.Equal(HttpStatusCode.NoContent, (await host.Client.PostAsync("sandbox/reset", null)).StatusCode);
        Assert.Empty((await host.Client.GetFromJsonAsync<Dictionary<string, Dictionary<string, int>>>("sandbox/counters?testRuns=true"))!);
    }

    [Fact]
    public async Task ATestRunsTokenSharesHandshakesAndOtps_AreListedApart_AndItsDecisionIsNoReSendOfARealJourneys()
    {
        await using var host = await SandboxHost.StartAsync();
        var app = Wire.NewId("app");
        var reference = Wire.NewId("ref");

        // A test run and a real journey each block an order and share the same decision for the same partner reference (told
        // apart here by a field the sandbox keeps as sent); the test run also hands a customer over (a synchronous handshake).
        await TestRunPostAsync(host, "/paylater/block", $$"""{ "app_id": "{{app}}", "order_id": "o-run", "amount": "100" }""");
        await host.Client.AuthorizedPost("/paylater/block", $$"""{ "app_id": "{{app}}", "order_id": "o-real", "amount": "100" }""");
        await TestRunPostAsync(host, "/application/token", $$"""{ "final_approval": false, "verified_customer_ref_id": "{{reference}}", "interest": "run" }""");
        await host.Client.AuthorizedPost("/application/token", $$"""{ "final_approval": false, "verified_customer_ref_id": "{{reference}}", "interest": "real" }""");
        await TestRunPostAsync(host, "/handshake/token", Handshake("9876549999", "hs-run"));

        // Token shares and handshakes: the real journey's by default, the test run's with ?testRuns=true.
        Assert.Equal(["real"], await SharesAsync(host, "sandbox/partner/token-shares", reference));
        Assert.Equal(["run"], await SharesAsync(host, "sandbox/partner/token-shares?testRuns=true", reference));
        Assert.DoesNotContain("hs-run", (await host.Client.GetAsync("sandbox/partner/handshakes").Json()).EnumerateArray().Select(h => h.Str("handshake_id")));
        Assert.Contains("hs-run", (await host.Client.GetAsync("sandbox/partner/handshakes?testRuns=true").Json()).EnumerateArray().Select(h => h.Str("handshake_id")));

        // Each is a first decision in its own book, not a re-send of the other's.
        Assert.Equal("""{"tokenShare":1}""", (await host.Client.GetAsync($"sandbox/counters/{reference}").Json()).GetRawText());

        // The OTP inbox: the whole inbox (no app_id, no order_id) and one block's entry, each from its own book.
        Assert.Equal(["o-real"], await OrdersAsync(host, "sandbox/capitalfloat/otp", app));
        Assert.Equal(["o-run"], await OrdersAsync(host, "sandbox/capitalfloat/otp?testRuns=true", app));
        Assert.Matches("^[0-9]{6}$", (await host.Client.GetAsync($"sandbox/capitalfloat/otp?app_id={app}&order_id=o-real").Json()).Str("otp"));
        Assert.Matches("^[0-9]{6}$", (await host.Client.GetAsync($"sandbox/capitalfloat/otp?app_id={app}&order_id=o-run&testRuns=true").Json()).Str("otp"));
        using var other = await host.Client.GetAsync($"sandbox/capitalfloat/otp?app_id={app}&order_id=o-run");
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Contains("testRuns=true", (await other.Json()).Str("title"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await host.Client.GetAsync($"sandbox/capitalfloat/otp?app_id={app}")).StatusCode);
    }

    private static async Task<List<string>> SharesAsync(SandboxHost host, string path, string reference) =>
        [.. (await host.Client.GetAsync(path).Json()).EnumerateArray().Where(s => s.Str("Share.verified_customer_ref_id") == reference).Select(s => s.Str("Share.interest"))];

    private static async Task<List<string>> OrdersAsync(SandboxHost host, string path, string app) =>
        [.. (await host.Client.GetAsync(path).Json()).EnumerateArray().Where(e => e.Str("app_id") == app).Select(e => e.Str("order_id"))];

    private static string Handshake(string phone, string handshakeId) => $$"""
        {
          "handshake_id": "{{handshakeId}}",
          "captured_customer_ref_id": "REF-HS-1",
          "customer_attrs": { "email": "a@b.com", "phone": "{{phone}}", "customer_name": "n", "business_name": "b", "resi_address": "r",
                              "resi_pincode": "1111", "resi_city": "c", "biz_address": "a", "biz_pincode": "123456", "biz_city": "c" },
          "token_callback_url": "Optional now."
        }
        """;

    private static Task<System.Text.Json.JsonElement> TestRunPostAsync(SandboxHost host, string path, string json) =>
        Wire.Send(host.Client, HttpMethod.Post, path, json, ("Authorization", Wire.CfToken), (TestRunHeader, "run-1")).Json();
}
