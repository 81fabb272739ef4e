using LoanJourney.Activities.Tests.TestSupport;
using LoanJourney.Engine.Model;

namespace LoanJourney.Activities.Tests.FinBoxSourcing;

/// <summary>Every webhook twice and out of order, with the polls running beside them: the journey moves once.</summary>
public sealed class SdkJourneyShuffledWebhookTests(ShuffledWebhooksHost host) : IClassFixture<ShuffledWebhooksHost>
{
    [Fact]
    public async Task DuplicatedAndReorderedWebhooks_MoveTheJourneyOnce()
    {
        var (input, _, partnerRef) = SdkJourneyForgedWebhookTests.Input(Borrowers.Happy);

        var done = await host.RunAsync("finbox-sdk-journey", input, TimeSpan.FromSeconds(40));

        Assert.Equal("Disbursed", done.Outcome);
        var journal = await host.JournalAsync(done.Id);
        Assert.Single(journal, e => e.Kind == JournalKinds.StepCompleted && e.StepId == "follow");
        Assert.Single(journal, e => e.Kind == JournalKinds.StepCompleted && e.StepId == "shareApproved");
        Assert.Single(await host.TokenSharesAsync(partnerRef));
    }
}
