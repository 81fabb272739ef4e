using LoanJourney.Activities.Tests.TestSupport;
using LoanJourney.Engine.Model;

namespace LoanJourney.Activities.Tests.FinBoxSourcing;

/// <summary>FinBox gives up on a webhook after 4 attempts: with every webhook lost, the polls still end the journey.</summary>
public sealed class SdkJourneyWebhookLossTests(DroppedWebhooksHost host) : IClassFixture<DroppedWebhooksHost>
{
    [Fact]
    public async Task EveryWebhookDropped_ThePollsFollowTheJourneyToDisbursed()
    {
        var (input, _, partnerRef) = SdkJourneyForgedWebhookTests.Input(Borrowers.Happy);

        var done = await host.RunAsync("finbox-sdk-journey", input, TimeSpan.FromSeconds(40));

        Assert.Equal(("Completed", "Disbursed"), (done.Status.ToString(), done.Outcome));
        Assert.False(string.IsNullOrEmpty(done.Variables["loanApplicationID"]?.GetValue<string>()));
        Assert.DoesNotContain(await host.JournalAsync(done.Id), e => e.Kind == JournalKinds.WebhookReceived);
        Assert.Contains("\"final_approval\":true", Assert.Single(await host.TokenSharesAsync(partnerRef)).ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryWebhookDropped_ARejectionIsFoundByThePollsAndShared()
    {
        var (input, _, partnerRef) = SdkJourneyForgedWebhookTests.Input("0006");

        var done = await host.RunAsync("finbox-sdk-journey", input, TimeSpan.FromSeconds(40));

        Assert.Equal("Rejected", done.Outcome);
        Assert.Contains("\"final_approval\":false", Assert.Single(await host.TokenSharesAsync(partnerRef)).ToJsonString(), StringComparison.Ordinal);
    }
}
