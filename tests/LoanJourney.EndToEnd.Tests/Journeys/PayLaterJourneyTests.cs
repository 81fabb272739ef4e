using System.Net;
using System.Text.Json.Nodes;
using LoanJourney.EndToEnd.Tests.Support;
using static LoanJourney.EndToEnd.Tests.Support.JourneyApi;

namespace LoanJourney.EndToEnd.Tests.Journeys;

/// <summary>The borrower's OTP is read from the sandbox's inbox and sent as the <c>otp</c> signal, as a partner's app would.</summary>
[Collection(SharedDeploymentGroup.Name)]
public sealed class PayLaterJourneyTests(SharedDeployment shared)
{
    private readonly JourneyApi _api = shared.Deployment.Journeys;

    [Fact]
    public async Task PayLaterWithTheBorrowersOtpReachesDisbursed()
    {
        var (input, appId, orderId) = Samples.PayLaterJourney();
        var id = await _api.StartAsync(Samples.PayLater, input);
        await _api.WaitForSignalAsync(id, "otp");

        await SendOtpAsync(id, await _api.OtpAsync(appId, orderId));

        Assert.Equal(("Completed", "Disbursed"), (Status(await _api.WaitEndedAsync(id)), Outcome(await _api.GetAsync(id))));
        var counters = await _api.CountersAsync(appId);
        Assert.Equal((1, 1), (counters["block"], counters["tranche"]));
    }

    [Fact]
    public async Task PayLaterWrongOtpsUseUpTheAttemptsAndCancelTheBlock()
    {
        var (input, appId, orderId) = Samples.PayLaterJourney();
        var id = await _api.StartAsync(Samples.PayLater, input);
        var otp = "";
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await _api.WaitForSignalAsync(id, "otp");
            otp = await _api.OtpAsync(appId, orderId);
            await SendOtpAsync(id, Wrong(otp));
        }

        var done = await _api.WaitEndedAsync(id);

        Assert.Equal("BlockCancelled", Outcome(done));
        Assert.False((await _api.CountersAsync(appId)).ContainsKey("tranche"));
        Assert.Equal("0", (await BalanceAsync(appId, orderId))["balance"]!.ToString());
    }

    [Fact]
    public async Task PayLaterResentOtpReplacesTheFirstAndDisburses()
    {
        var (input, appId, orderId) = Samples.PayLaterJourney();
        var id = await _api.StartAsync(Samples.PayLater, input);
        await _api.WaitForSignalAsync(id, "otp");
        var first = await _api.OtpAsync(appId, orderId);

        using (var resend = await _api.SignalAsync(id, "resend-otp", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, resend.StatusCode);
        }

        var second = await Poll.UntilAsync(() => _api.OtpAsync(appId, orderId), otp => otp != first, Deadline, _ => "a new OTP after the resend");
        await _api.WaitForSignalAsync(id, "otp");
        await SendOtpAsync(id, second);

        Assert.Equal("Disbursed", Outcome(await _api.WaitEndedAsync(id)));
    }

    [Fact]
    public async Task PayLaterBlockRefusedByTheLenderEndsRejected()
    {
        var (input, appId, _) = Samples.PayLaterJourney("0020");

        Assert.Equal("Rejected", Outcome(await _api.WaitEndedAsync(await _api.StartAsync(Samples.PayLater, input))));
        Assert.False((await _api.CountersAsync(appId)).ContainsKey("block"));
    }

    [Fact]
    public async Task PayLaterAboveTheAvailableLimitEndsLimitExceededWithoutABlock()
    {
        var (input, appId, _) = Samples.PayLaterJourney("0021");
        var partnerRef = Samples.NewId("REF");
        input["amount"] = 10_001;
        input["partner"] = new JsonObject { ["verifiedCustomerRefId"] = partnerRef };

        var done = await _api.WaitEndedAsync(await _api.StartAsync(Samples.PayLater, input));

        Assert.Equal("LimitExceeded", Outcome(done));
        Assert.Empty(await _api.CountersAsync(appId));
        Assert.Equal([false], await _api.TokenSharesAsync(partnerRef));
        Assert.DoesNotContain(await _api.JournalAsync(Id(done)), e => e?["data"]?["path"]?.GetValue<string>()?.EndsWith("paylater/block", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task PayLaterAtExactlyTheAvailableLimitBlocksAndDisburses()
    {
        var (input, appId, orderId) = Samples.PayLaterJourney("0021");
        input["amount"] = 10_000;
        var id = await _api.StartAsync(Samples.PayLater, input);
        await _api.WaitForSignalAsync(id, "otp");

        await SendOtpAsync(id, await _api.OtpAsync(appId, orderId));

        Assert.Equal("Disbursed", Outcome(await _api.WaitEndedAsync(id)));
        var counters = await _api.CountersAsync(appId);
        Assert.Equal((1, 1, 1), (counters["blockRequest"], counters["block"], counters["tranche"]));
    }

    [Fact]
    public async Task PayLaterSanctionOnHoldEndsRejectedWithoutABlock()
    {
        var (input, appId, _) = Samples.PayLaterJourney("0023");
        var partnerRef = Samples.NewId("REF");
        input["partner"] = new JsonObject { ["verifiedCustomerRefId"] = partnerRef };

        var done = await _api.WaitEndedAsync(await _api.StartAsync(Samples.PayLater, input));

        Assert.Equal("Rejected", Outcome(done));
        Assert.Empty(await _api.CountersAsync(appId));
        Assert.Equal([false], await _api.TokenSharesAsync(partnerRef));
        Assert.Contains(done["steps"]!.AsArray(), s => s!["stepId"]!.GetValue<string>() == "limit" && s["outcome"]?.GetValue<string>() == "Rejected");
        Assert.Contains("NACH bounce", (await _api.JournalAsync(Id(done))).ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PayLaterAvailableLimitErrorStopsWithAnIncidentAndNoBlock()
    {
        var (input, appId, _) = Samples.PayLaterJourney("0024");

        var faulted = await _api.WaitForIncidentAsync(await _api.StartAsync(Samples.PayLater, input));

        Assert.Equal("limit", faulted["incident"]!["stepId"]!.GetValue<string>());
        Assert.Contains("-700", faulted["incident"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Empty(await _api.CountersAsync(appId));
    }

    [Fact]
    public async Task PayLaterOtpTimeoutCancelsTheBlock()
    {
        var (input, _, _) = Samples.PayLaterJourney();
        input["otpTimeout"] = "00:00:01";

        Assert.Equal("BlockCancelled", Outcome(await _api.WaitEndedAsync(await _api.StartAsync(Samples.PayLater, input))));
    }

    private async Task SendOtpAsync(string id, string otp)
    {
        using var sent = await _api.SignalAsync(id, "otp", new JsonObject { ["otp"] = otp });
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
    }

    private async Task<JsonObject> BalanceAsync(string appId, string orderId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "paylater/balance")
        {
            Content = Json(new JsonObject { ["app_id"] = appId, ["order_id"] = orderId }),
        };
        request.Headers.TryAddWithoutValidation("Authorization", "e2e-placeholder");
        using var response = await shared.Deployment.Sandbox.SendAsync(request);
        return Deployment.Object(JsonNode.Parse(await response.Content.ReadAsStringAsync()));
    }

    private static string Id(JsonObject instance) => instance["id"]!.GetValue<string>();

    private static string Wrong(string otp) => otp == "000000" ? "111111" : "000000";
}
