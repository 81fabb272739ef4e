using System.Text.Json.Nodes;
using LoanJourney.Activities.Journey;
using LoanJourney.Activities.Tests.FinBoxPrism;
using LoanJourney.Activities.Tests.TestSupport;
using LoanJourney.Engine.Model;

namespace LoanJourney.Activities.Tests.Journey;

/// <summary>
/// A call the lender tables mark "no automatic retry" reaches the lender and its answer is lost, where the activity has no
/// way to find out what it did (no status query, no duplicate answer): the step stops with an outcome-unknown incident
/// at once instead of repeating it on a guess (Accept Offer was sent 4 times, a CKYC trigger would send the borrower another
/// OTP each time). The operator checks with the lender; Retry sends it again.
/// </summary>
public sealed class LostAnswerNotRepeatedTests(JourneyHost host) : IClassFixture<JourneyHost>
{
    private const string Workflow = "finbox-personal-loan";

    [Theory]
    [InlineData("user/acceptOffer", "acceptOffer")]
    [InlineData("v2/kyc/ckyc", "kyc")]
    public async Task AnswerLost_OfACallNotSafeToRepeat_IncidentAtOnce_SentOnce_OperatorRetryGoesOn(string route, string stepId)
    {
        var (input, _, _) = PersonalLoanJourneyTests.Input(Borrowers.Happy);
        await host.SetFaultsAsync(new JsonObject { ["loseAnswerAfterCommit"] = new JsonArray(route) });
        WorkflowInstance faulted;
        try
        {
            var started = await host.Client.StartAsync(Workflow, input);
            faulted = await host.WaitAsync(started.Id, i => i.Status is WorkflowStatus.Faulted or WorkflowStatus.Completed, TimeSpan.FromSeconds(60));
        }
        finally
        {
            await host.SetFaultsAsync(new JsonObject());
        }

        Assert.Equal(WorkflowStatus.Faulted, faulted.Status);
        Assert.Equal((stepId, LenderResultMapping.OutcomeUnknown), (faulted.Incident!.StepId, faulted.Incident.ErrorKind));
        Assert.Contains("not repeated on a guess", faulted.Incident.Message, StringComparison.Ordinal);
        Assert.Equal(1, faulted.Steps.Single(s => s.StepId == stepId).Attempt);
        Assert.Equal(1, Posts(await host.JournalAsync(faulted.Id), stepId));

        // The operator has checked with the lender: Retry is the decision to send it again.
        await host.Client.RetryIncidentAsync(faulted.Id);
        var done = await host.WaitAsync(faulted.Id, i => i.Status is WorkflowStatus.Completed or WorkflowStatus.Faulted && i.Incident?.Id != faulted.Incident.Id,
            TimeSpan.FromSeconds(60));

        Assert.Equal((WorkflowStatus.Completed, "Disbursed"), (done.Status, done.Outcome));
        Assert.Equal(2, Posts(await host.JournalAsync(done.Id), stepId));
    }

    private static int Posts(IReadOnlyList<JournalEntry> journal, string stepId) =>
        journal.Count(e => e.Kind == "LenderCall" && e.StepId == stepId && e.Data!["method"]!.GetValue<string>() == "POST");
}
