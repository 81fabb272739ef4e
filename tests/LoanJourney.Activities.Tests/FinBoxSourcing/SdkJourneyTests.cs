using System.Text.Json.Nodes;
using LoanJourney.Activities.Tests.TestSupport;
using LoanJourney.Engine.Activities;
using LoanJourney.Engine.Model;

namespace LoanJourney.Activities.Tests.FinBoxSourcing;

/// <summary>The v1 applications move only when a test advances them; every webhook is delivered twice.</summary>
public sealed class SdkJourneyTests(ManualWebhooksHost host) : IClassFixture<ManualWebhooksHost>
{
    private const string Workflow = "finbox-sdk-journey";

    [Fact]
    public async Task SampleInput_WebhooksUpToDisbursal_ReadTheLoanAndEndDisbursed()
    {
        var (input, customerId, partnerRef) = Input(Borrowers.Happy);
        var started = await host.Client.StartAsync(Workflow, input);
        var following = await WaitFollowingAsync(started.Id);
        Assert.False(string.IsNullOrEmpty(following.Variables["token"]?.GetValue<string>()));
        Assert.NotNull(following.Variables["tokenExpiresAt"]);

        for (var step = 0; step < 6; step++)
        {
            await AdvanceAsync(customerId);
        }

        var done = await host.WaitAsync(started.Id, i => i.Status == WorkflowStatus.Completed);
        Assert.Equal("Disbursed", done.Outcome);
        Assert.False(string.IsNullOrEmpty(done.Variables["loanApplicationID"]?.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(done.Variables["signedAgreementUrl"]?.GetValue<string>()));
        Assert.Equal("Disbursed", done.Steps.Single(s => s.StepId == "follow").Outcome);
        var share = Assert.Single(await host.TokenSharesAsync(partnerRef));
        Assert.Contains("\"final_approval\":true", share.ToJsonString(), StringComparison.Ordinal);

        // The sandbox lists a declined 12-month reducing offer first: the partner gets the accepted one (6 months, 14.4 %, flat).
        foreach (var field in new[] { "\"duration\":\"6\"", "\"interest\":\"14.4\"", "\"interest_type\":\"flat\"", "\"interest_frequency\":\"yearly\"" })
        {
            Assert.Contains(field, share.ToJsonString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task LoanRejectedWebhook_SharesTheRejectionAndEndsRejected()
    {
        var (input, customerId, partnerRef) = Input("0006");
        var started = await host.Client.StartAsync(Workflow, input);
        await WaitFollowingAsync(started.Id);

        await AdvanceAsync(customerId);
        await AdvanceAsync(customerId);

        var done = await host.WaitAsync(started.Id, i => i.Status == WorkflowStatus.Completed);
        Assert.Equal("Rejected", done.Outcome);
        Assert.Contains("\"final_approval\":false", Assert.Single(await host.TokenSharesAsync(partnerRef)).ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotEligible_EndsRejectedWithoutAToken()
    {
        var (input, _, _) = Input("0000");

        var done = await host.RunAsync(Workflow, input);

        Assert.Equal("Rejected", done.Outcome);
        Assert.Equal("NotEligible", done.Steps.Single(s => s.StepId == "eligibility").Outcome);
        Assert.Null(done.Variables["token"]);
    }

    [Fact]
    public async Task EligibilityNeverCalculated_WaitsForTheWebhookOrPollThenEndsEligibilityUnavailable()
    {
        var (input, _, partnerRef) = Input("0009");
        input["eligibilityTimeout"] = "00:00:00.300";

        var done = await host.RunAsync(Workflow, input);

        Assert.Equal("EligibilityUnavailable", done.Outcome);
        Assert.Contains("\"final_approval\":false", Assert.Single(await host.TokenSharesAsync(partnerRef)).ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("TimedOut", done.Steps.Single(s => s.StepId == "eligibility").Outcome);
        Assert.Null(done.Variables["token"]);
    }

    [Fact]
    public async Task NoDecidingWebhookBeforeTheExpiry_EndsExpired()
    {
        var (input, customerId, _) = Input(Borrowers.Happy);
        input["expiresAfter"] = "00:00:00.500";
        var started = await host.Client.StartAsync(Workflow, input);
        await WaitFollowingAsync(started.Id);
        await AdvanceAsync(customerId);

        var done = await host.WaitAsync(started.Id, i => i.Status == WorkflowStatus.Completed);

        Assert.Equal("Expired", done.Outcome);
        Assert.Contains("\"final_approval\":false", Assert.Single(await host.TokenSharesAsync("REF-" + customerId)).ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("loan_application_created", done.Variables["lenderStatus"]!["eventType"]!.GetValue<string>());
    }

    [Fact]
    public async Task RefreshTokenSignal_ExposesAFreshTokenAndKeepsFollowing()
    {
        var (input, customerId, _) = Input(Borrowers.Happy);
        var started = await host.Client.StartAsync(Workflow, input);
        var first = (await WaitFollowingAsync(started.Id)).Variables["token"]!.GetValue<string>();

        await host.Client.SignalAsync(started.Id, "refresh-token", null);

        var refreshed = await host.WaitAsync(started.Id, i => i.Variables["token"]?.GetValue<string>() != first);
        Assert.Equal("follow", refreshed.CurrentStepId);
        for (var step = 0; step < 6; step++)
        {
            await AdvanceAsync(customerId);
        }

        Assert.Equal("Disbursed", (await host.WaitAsync(started.Id, i => i.Status == WorkflowStatus.Completed)).Outcome);
    }

    private Task<WorkflowInstance> WaitFollowingAsync(string instanceId) =>
        host.WaitAsync(instanceId, i => i.CurrentStepId == "follow" && i.Bookmarks.Any(b => b.Kind == BookmarkKind.Webhook));

    private async Task AdvanceAsync(string customerId)
    {
        using var response = await host.Http.PostAsync($"sandbox/finbox/users/{customerId}/advance", null);
        response.EnsureSuccessStatusCode();
    }

    private static (JsonObject Input, string CustomerId, string PartnerRef) Input(string scenario)
    {
        var input = Borrowers.Sample(Workflow);
        var customerId = Borrowers.CustomerId();
        input["customerId"] = customerId;
        input["mobile"] = Borrowers.Mobile(scenario);
        input["partner"] = new JsonObject { ["verifiedCustomerRefId"] = "REF-" + customerId };
        return (input, customerId, "REF-" + customerId);
    }
}
