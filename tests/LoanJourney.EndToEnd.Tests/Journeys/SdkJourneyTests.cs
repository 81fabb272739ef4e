using LoanJourney.EndToEnd.Tests.Support;
using static LoanJourney.EndToEnd.Tests.Support.JourneyApi;

namespace LoanJourney.EndToEnd.Tests.Journeys;

/// <summary>The SDK journey follows the borrower by FinBox v1 webhooks: the sandbox process POSTs them (signed) to the server.</summary>
[Collection(SharedDeploymentGroup.Name)]
public sealed class SdkJourneyTests(SharedDeployment shared)
{
    private readonly JourneyApi _api = shared.Deployment.Journeys;

    [Fact]
    public async Task SdkJourneyFollowsTheSandboxWebhooksToDisbursed()
    {
        var (input, customerId, partnerRef) = Samples.SdkJourney();
        var id = await _api.StartAsync(Samples.Sdk, input);
        var following = await _api.WaitAsync(id, WaitsForWebhook, "following the application by webhooks");
        Assert.False(string.IsNullOrEmpty(following["partner"]?["token"]?.GetValue<string>()));

        var events = await AdvanceToTheEndAsync(customerId);

        var done = await _api.WaitEndedAsync(id);
        Assert.Equal(("Completed", "Disbursed"), (Status(done), Outcome(done)));
        Assert.Equal("loan_disbursed", events[^1]);
        Assert.Equal([true], await _api.TokenSharesAsync(partnerRef));
        Assert.False(string.IsNullOrEmpty(done["partner"]?["loanApplicationID"]?.GetValue<string>()));
    }

    [Fact]
    public async Task SdkJourneyRejectedApplicationEndsRejectedAndSharesFinalApprovalFalse()
    {
        var (input, customerId, partnerRef) = Samples.SdkJourney("0006");
        var id = await _api.StartAsync(Samples.Sdk, input);
        await _api.WaitAsync(id, WaitsForWebhook, "following the application by webhooks");

        Assert.Equal("loan_rejected", (await AdvanceToTheEndAsync(customerId))[^1]);

        Assert.Equal("Rejected", Outcome(await _api.WaitEndedAsync(id)));
        Assert.Equal([false], await _api.TokenSharesAsync(partnerRef));
    }

    [Fact]
    public async Task SdkJourneyOfANotEligibleBorrowerEndsRejected()
    {
        var (input, _, partnerRef) = Samples.SdkJourney("0000");

        var done = await _api.WaitEndedAsync(await _api.StartAsync(Samples.Sdk, input));

        Assert.Equal("Rejected", Outcome(done));
        Assert.Equal([false], await _api.TokenSharesAsync(partnerRef));
    }

    [Fact]
    public async Task SdkJourneyWithoutEligibilityDataEndsEligibilityUnavailable()
    {
        var (input, _, _) = Samples.SdkJourney("0009");
        input["eligibilityTimeout"] = "00:00:01";

        Assert.Equal("EligibilityUnavailable", Outcome(await _api.WaitEndedAsync(await _api.StartAsync(Samples.Sdk, input))));
    }

    [Fact]
    public async Task SdkJourneyWithoutProgressExpires()
    {
        var (input, _, _) = Samples.SdkJourney();
        input["expiresAfter"] = "00:00:01";

        Assert.Equal("Expired", Outcome(await _api.WaitEndedAsync(await _api.StartAsync(Samples.Sdk, input))));
    }

    private async Task<List<string>> AdvanceToTheEndAsync(string customerId)
    {
        var events = new List<string>();
        while (await _api.AdvanceAsync(customerId) is { } payload)
        {
            events.Add(payload["eventType"]!.GetValue<string>());
        }

        return events;
    }
}
