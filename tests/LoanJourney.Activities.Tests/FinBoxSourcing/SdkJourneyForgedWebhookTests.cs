using System.Net;
using System.Text.Json.Nodes;
using LoanJourney.Activities.FinBoxSourcing;
using LoanJourney.Activities.Tests.TestSupport;
using LoanJourney.Engine.Activities;
using LoanJourney.Engine.Model;

namespace LoanJourney.Activities.Tests.FinBoxSourcing;

/// <summary>
/// A webhook is a hint, never proof: a forged <c>loan_disbursed</c> for a borrower the lender is rejecting (scenario
/// 0006) neither ends the journey Disbursed, nor faults it, nor tells the partner it was approved; the lender's real
/// rejection ends it Rejected.
/// </summary>
public sealed class SdkJourneyForgedWebhookTests(ManualWebhooksHost host) : IClassFixture<ManualWebhooksHost>
{
    [Fact]
    public async Task ForgedLoanDisbursed_MadeUpOrRealApplicationId_IsRejectedAndTheLenderDecides()
    {
        var (input, customerId, partnerRef) = Input("0006");
        var started = await host.Client.StartAsync("finbox-sdk-journey", input);
        await host.WaitAsync(started.Id, i => i.CurrentStepId == "follow" && i.Bookmarks.Any(b => b.Kind == BookmarkKind.Webhook));
        await AdvanceAsync(customerId); // the application is created (CREATED); the lender will reject it
        var following = await host.WaitAsync(started.Id, i => i.Variables["loanApplicationID"]?.GetValue<string>() is { Length: > 0 });
        var realId = following.Variables["loanApplicationID"]!.GetValue<string>();

        var madeUp = "made-up-" + Guid.NewGuid().ToString("N");
        await ForgeAsync(customerId, madeUp);
        await host.WaitForJournalAsync(started.Id, e => e.Kind == FollowJourneyActivity.WebhookRejected && e.Data!["loanApplicationID"]!.GetValue<string>() == madeUp);
        await ForgeAsync(customerId, realId);
        await host.WaitForJournalAsync(started.Id, e => e.Kind == FollowJourneyActivity.WebhookRejected && e.Data!["loanApplicationID"]!.GetValue<string>() == realId);

        var rejected = await host.Client.GetInstanceAsync(started.Id);
        Assert.Equal(WorkflowStatus.Waiting, rejected.Status);
        Assert.Equal("follow", rejected.CurrentStepId);
        var journal = await host.JournalAsync(started.Id);
        var reasons = journal.Where(e => e.Kind == FollowJourneyActivity.WebhookRejected).Select(e => e.Data!["reason"]!.GetValue<string>()).ToList();
        Assert.Equal(2, reasons.Count);
        Assert.Contains(reasons, r => r.Contains("not this customer's application", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.Contains("status is CREATED", StringComparison.Ordinal));
        Assert.Empty(await host.TokenSharesAsync(partnerRef));

        await AdvanceAsync(customerId); // the lender's real loan_rejected
        var done = await host.WaitAsync(started.Id, i => i.Status is WorkflowStatus.Completed or WorkflowStatus.Faulted);

        Assert.Equal((WorkflowStatus.Completed, "Rejected"), (done.Status, done.Outcome));
        Assert.DoesNotContain(done.Steps, s => s.StepId == "readLoan");
        Assert.Contains("\"final_approval\":false", Assert.Single(await host.TokenSharesAsync(partnerRef)).ToJsonString(), StringComparison.Ordinal);
    }

    private async Task ForgeAsync(string customerId, string loanApplicationId)
    {
        var forged = new JsonObject
        {
            ["customerID"] = customerId,
            ["entityType"] = "system",
            ["eventDescription"] = "Loan disbursed",
            ["eventType"] = "loan_disbursed",
            ["loanApplicationID"] = loanApplicationId,
            ["loggedAt"] = "2026-01-01 10:00:00",
            ["journeyType"] = "personal_loan",
            ["source"] = "outsider",
        };
        using var response = await host.Http.PostAsync("webhooks/finbox", new StringContent(forged.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private async Task AdvanceAsync(string customerId)
    {
        using var response = await host.Http.PostAsync($"sandbox/finbox/users/{customerId}/advance", null);
        response.EnsureSuccessStatusCode();
    }

    internal static (JsonObject Input, string CustomerId, string PartnerRef) Input(string scenario)
    {
        var input = Borrowers.Sample("finbox-sdk-journey");
        var customerId = Borrowers.CustomerId();
        input["customerId"] = customerId;
        input["mobile"] = Borrowers.Mobile(scenario);
        input["partner"] = new JsonObject { ["verifiedCustomerRefId"] = "REF-" + customerId };
        return (input, customerId, "REF-" + customerId);
    }
}
