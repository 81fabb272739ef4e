using LoanJourney.Lenders.FinBoxSourcing;

namespace LoanJourney.Lenders.Tests.Contract;

/// <summary>The webhooks the sandbox POSTs are what <see cref="SourcingWebhook.TryParse"/> reads, with event types from one list.</summary>
[Collection(SandboxContract.Name)]
public sealed class WebhookContractTests(SandboxContractFixture sandbox)
{
    [Fact]
    public async Task EveryWebhookOfADisbursedApplicationParsesAndUsesTheListedEventTypes()
    {
        var journey = await new SourcingJourney(sandbox).ReachedAsync(SourcingWebhookEvents.LoanDisbursed);

        var payloads = await ReceivedAsync(journey.CustomerID, SourcingWebhookEvents.LoanDisbursed);

        Assert.Equal(
            [
                SourcingWebhookEvents.UserCreated, SourcingWebhookEvents.EligibilityCalculated, SourcingWebhookEvents.LoanApplicationCreated,
                SourcingWebhookEvents.KycSuccess, SourcingWebhookEvents.BankAdded, SourcingWebhookEvents.LoanApproved,
                SourcingWebhookEvents.LoanSignedAgreementGenerated, SourcingWebhookEvents.LoanDisbursed,
            ],
            payloads.Select(p => p.EventType));
        Assert.All(payloads, p =>
        {
            Assert.Equal(journey.CustomerID, p.CustomerID);
            Assert.Contains(p.EventType, SourcingWebhookEvents.All);
            Assert.Contains(p.EntityType, new[] { SourcingWebhookEvents.EntitySourcingEntity, SourcingWebhookEvents.EntitySystem });
            Assert.Equal(SourcingWebhookEvents.JourneyPersonalLoan, p.JourneyType);
            Assert.False(string.IsNullOrEmpty(p.LoggedAt));
        });
        Assert.All(payloads.Skip(2), p => Assert.Equal(journey.LoanApplicationID, p.LoanApplicationID));
        Assert.Equal("contract-test", payloads[^1].Source);
        Assert.Equal(payloads.Count, payloads.Select(SourcingWebhook.DeriveEventId).Distinct().Count());
    }

    [Fact]
    public async Task Scenario0006RejectedApplicationSendsLoanRejected()
    {
        var journey = await new SourcingJourney(sandbox, "0006").ReachedAsync(SourcingWebhookEvents.LoanRejected);

        var payloads = await ReceivedAsync(journey.CustomerID, SourcingWebhookEvents.LoanRejected);

        Assert.Equal(SourcingWebhookEvents.LoanRejected, payloads[^1].EventType);
        Assert.All(payloads, p => Assert.Contains(p.EventType, SourcingWebhookEvents.All));
        Assert.Contains("LENDER_POLICY_REJECT", payloads[^1].EventDescription, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UserActivityUsesTheSameEventTypesAsTheWebhooks()
    {
        var journey = await new SourcingJourney(sandbox).ReachedAsync(SourcingWebhookEvents.LoanApproved);
        var webhooks = await ReceivedAsync(journey.CustomerID, SourcingWebhookEvents.LoanApproved);

        var activity = await sandbox.Sourcing.GetUserActivityAsync(journey.CustomerID);

        Assert.Equal(webhooks.Select(w => w.EventType), activity.Body!.Data!.UserActivityHistory!.Select(a => a.EventType));
    }

    /// <summary>Waits for the customer's webhook of <paramref name="lastEvent"/>, then returns all of the customer's webhooks, parsed.</summary>
    private async Task<List<WebhookPayload>> ReceivedAsync(string customerID, string lastEvent)
    {
        bool Mine(ReceivedPost post) => post.Path == PostInbox.WebhookPath && post.Json.GetProperty("customerID").GetString() == customerID;
        await sandbox.Inbox.WaitForAsync(p => Mine(p) && p.Json.GetProperty("eventType").GetString() == lastEvent);
        return sandbox.Inbox.All(Mine).Select(post =>
        {
            Assert.True(SourcingWebhook.TryParse(post.Body, out var payload), post.Body);
            return payload!;
        }).ToList();
    }
}
