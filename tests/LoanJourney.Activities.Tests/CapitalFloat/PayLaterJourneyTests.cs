using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LoanJourney.Activities.Journey;
using LoanJourney.Activities.Tests.TestSupport;
using LoanJourney.Engine.Errors;
using LoanJourney.Engine.Model;

namespace LoanJourney.Activities.Tests.CapitalFloat;

public sealed class PayLaterJourneyTests(JourneyHost host) : IClassFixture<JourneyHost>
{
    private const string Workflow = "capitalfloat-paylater";

    [Fact]
    public async Task SampleInput_RightOtp_VerifiesAndDisburses()
    {
        var (input, appId, orderId) = Input(Borrowers.Happy);
        var started = await host.Client.StartAsync(Workflow, input);
        await host.WaitForSignalAsync(started.Id, "otp");
        var otp = await OtpAsync(appId, orderId);

        await host.Client.SignalAsync(started.Id, "otp", new JsonObject { ["otp"] = otp });

        var done = await host.WaitAsync(started.Id, i => i.Status == WorkflowStatus.Completed);
        Assert.Equal("Disbursed", done.Outcome);
        Assert.Equal("Verified", done.Steps.Single(s => s.StepId == "otp").Outcome);

        // The OTP was a sensitive signal: neither the payload nor the lender call record put it in the database
        // (the order id, written beside it in the same records, shows the scan does find what is there).
        Assert.True(host.DatabaseContains(orderId));
        Assert.False(host.DatabaseContains($"\"{otp}\""));
        Assert.False(host.DatabaseContains($"otp\":\"{otp}"));
        Assert.Equal((1, 1), (await host.CounterAsync(appId, "block"), await host.CounterAsync(appId, "tranche")));
        Assert.Equal(0m, await BalanceAsync(appId, orderId));
    }

    [Fact]
    public async Task EveryEnd_TellsThePartner_TrueWithTheTrancheIdOrFalse()
    {
        var (approvedInput, appId, orderId) = Input(Borrowers.Happy);
        var approvedRef = "REF-" + Guid.NewGuid().ToString("N")[..10];
        approvedInput["partner"] = new JsonObject { ["verifiedCustomerRefId"] = approvedRef };
        var approved = await host.Client.StartAsync(Workflow, approvedInput);
        await host.WaitForSignalAsync(approved.Id, "otp");
        await host.Client.SignalAsync(approved.Id, "otp", new JsonObject { ["otp"] = await OtpAsync(appId, orderId) });
        var disbursed = await host.WaitAsync(approved.Id, i => i.Status == WorkflowStatus.Completed);
        Assert.Equal("Disbursed", disbursed.Outcome);
        var share = Assert.Single(await host.TokenSharesAsync(approvedRef)).ToJsonString();
        Assert.Contains("\"final_approval\":true", share, StringComparison.Ordinal);

        // The tranche id is the token the partner was sent, and the journey's partner-facing trancheId.
        var trancheId = disbursed.Variables[JourneyVariables.TrancheId]!.GetValue<string>();
        Assert.False(string.IsNullOrEmpty(trancheId));
        Assert.Contains($"\"x_partner_token\":\"{trancheId}\"", share, StringComparison.Ordinal);

        var (refusedInput, _, _) = Input("0020");
        var refusedRef = "REF-" + Guid.NewGuid().ToString("N")[..10];
        refusedInput["partner"] = new JsonObject { ["verifiedCustomerRefId"] = refusedRef };
        Assert.Equal("Rejected", (await host.RunAsync(Workflow, refusedInput)).Outcome);
        Assert.Contains("\"final_approval\":false", Assert.Single(await host.TokenSharesAsync(refusedRef)).ToJsonString(), StringComparison.Ordinal);

        var (timedOutInput, _, _) = Input(Borrowers.Happy);
        var timedOutRef = "REF-" + Guid.NewGuid().ToString("N")[..10];
        timedOutInput["partner"] = new JsonObject { ["verifiedCustomerRefId"] = timedOutRef };
        timedOutInput["otpTimeout"] = "00:00:00.300";
        Assert.Equal("BlockCancelled", (await host.RunAsync(Workflow, timedOutInput)).Outcome);
        Assert.Contains("\"final_approval\":false", Assert.Single(await host.TokenSharesAsync(timedOutRef)).ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongOtpAttemptsExhausted_CancelsTheBlock()
    {
        var (input, appId, orderId) = Input(Borrowers.Happy);
        var started = await host.Client.StartAsync(Workflow, input);
        var otp = await WaitForOtpAsync(started.Id, appId, orderId);
        var wrong = otp == "000000" ? "111111" : "000000";

        for (var attempt = 0; attempt < 3; attempt++)
        {
            await host.WaitForSignalAsync(started.Id, "otp");
            await host.Client.SignalAsync(started.Id, "otp", new JsonObject { ["otp"] = wrong });
        }

        var done = await host.WaitAsync(started.Id, i => i.Status == WorkflowStatus.Completed);
        Assert.Equal("BlockCancelled", done.Outcome);
        Assert.Equal("AttemptsExhausted", done.Steps.Single(s => s.StepId == "otp").Outcome);
        Assert.Equal(0, done.Variables["otpAttemptsLeft"]!.GetValue<int>());
        Assert.Equal(0m, await BalanceAsync(appId, orderId));
        Assert.Equal(0, await host.CounterAsync(appId, "tranche"));
    }

    [Fact]
    public async Task OtpTimeout_CancelsTheBlock()
    {
        var (input, appId, orderId) = Input(Borrowers.Happy);
        input["otpTimeout"] = "00:00:00.300";

        var done = await host.RunAsync(Workflow, input);

        Assert.Equal("BlockCancelled", done.Outcome);
        Assert.Equal("TimedOut", done.Steps.Single(s => s.StepId == "otp").Outcome);
        Assert.Equal(0m, await BalanceAsync(appId, orderId));
    }

    [Fact]
    public async Task ResendOtp_IssuesANewOtpThatThenVerifies()
    {
        var (input, appId, orderId) = Input(Borrowers.Happy);
        var started = await host.Client.StartAsync(Workflow, input);
        await WaitForOtpAsync(started.Id, appId, orderId);

        await host.Client.SignalAsync(started.Id, "resend-otp", null);

        var resent = await host.WaitForJournalAsync(started.Id, e => e.Kind == "LenderCall" && e.Data!["path"]!.GetValue<string>().Contains("resend_block_otp", StringComparison.Ordinal));
        Assert.Equal(200, resent.Data!["httpStatus"]!.GetValue<int>());
        await host.WaitForSignalAsync(started.Id, "otp");
        await host.Client.SignalAsync(started.Id, "otp", new JsonObject { ["otp"] = await OtpAsync(appId, orderId) });

        var done = await host.WaitAsync(started.Id, i => i.Status == WorkflowStatus.Completed);
        Assert.Equal("Disbursed", done.Outcome);
    }

    [Fact]
    public async Task OperatorCancelWhileWaitingForTheOtp_RunsTheCompensationThatReleasesTheBlock()
    {
        var (input, appId, orderId) = Input(Borrowers.Happy);
        var started = await host.Client.StartAsync(Workflow, input);
        await WaitForOtpAsync(started.Id, appId, orderId);

        await host.Client.CancelAsync(started.Id, "borrower abandoned");

        var cancelled = await host.WaitAsync(started.Id, i => i.Status == WorkflowStatus.Cancelled);
        Assert.Equal(WorkflowStatus.Cancelled, cancelled.Status);
        Assert.Equal(0m, await BalanceAsync(appId, orderId));
    }

    [Fact]
    public async Task BlockRefusedByCapitalFloat_EndsRejectedWithNothingBlocked()
    {
        var (input, appId, _) = Input("0020");

        var done = await host.RunAsync(Workflow, input);

        Assert.Equal("Rejected", done.Outcome);

        // The sandbox counts blocks that took effect: the refused one is not a block.
        Assert.Equal(0, await host.CounterAsync(appId, "block"));
    }

    // Capital Float takes whole tranche amounts only (-6 "tranche amount is not integer"): 1000.50 was accepted, blocked,
    // the borrower's OTP verified, and the journey stopped at the tranche with the amount still blocked.
    [Fact]
    public async Task NonWholeAmount_IsRefusedAtStart_BeforeAnythingIsBlocked()
    {
        var (input, appId, _) = Input(Borrowers.Happy);
        input["amount"] = JsonNode.Parse("1000.50");

        var refused = await Assert.ThrowsAsync<InputValidationException>(() => host.Client.StartAsync(Workflow, input));

        Assert.Equal(("amount", "whole_amount"), (refused.Errors.Single().Field, refused.Errors.Single().Code));
        Assert.Equal(0, await host.CounterAsync(appId, "block"));
    }

    private async Task<string> WaitForOtpAsync(string instanceId, string appId, string orderId)
    {
        await host.WaitForSignalAsync(instanceId, "otp");
        return await OtpAsync(appId, orderId);
    }

    internal static (JsonObject Input, string AppId, string OrderId) Input(string scenario)
    {
        var input = Borrowers.Sample(Workflow);
        var appId = Borrowers.AppId(scenario);
        var orderId = "ORD-" + Guid.NewGuid().ToString("N")[..12];
        input["appId"] = appId;
        input["orderId"] = orderId;
        return (input, appId, orderId);
    }

    private async Task<string> OtpAsync(string appId, string orderId) =>
        (await host.GetJsonAsync($"sandbox/capitalfloat/otp?app_id={appId}&order_id={orderId}"))["otp"]!.GetValue<string>();

    private async Task<decimal> BalanceAsync(string appId, string orderId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "paylater/balance") { Content = JsonContent.Create(new { app_id = appId, order_id = orderId }) };
        request.Headers.TryAddWithoutValidation("Authorization", "test-token");
        using var response = await host.Http.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return decimal.Parse(body["balance"]!.ToString(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
