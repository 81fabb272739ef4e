using System.Text.Json.Nodes;
using LoanJourney.Activities.Tests.CapitalFloat;
using LoanJourney.Activities.Tests.FinBoxPrism;
using LoanJourney.Activities.Tests.TestSupport;
using LoanJourney.Engine.Model;

namespace LoanJourney.Activities.Tests.Journey;

/// <summary>
/// A money-moving call reaches the lender and its answer is lost (as when the process dies right after sending): the step
/// fails, its retry re-runs it with the intent present, and the re-run reconciles instead of moving money again.
/// </summary>
public sealed class OnceOnlyReconciliationTests(ReconciliationHost host) : IClassFixture<ReconciliationHost>
{
    [Fact]
    public async Task DisbursalPollLostAfterTheTrigger_ReRunPollsTheStoredReference_DisbursalSentOnce()
    {
        var (input, customerId, _) = PersonalLoanJourneyTests.Input(Borrowers.Happy);
        host.Dropper.Arm("GET", "v2/loan/disburse");

        var done = await host.RunAsync("finbox-personal-loan", input, TimeSpan.FromSeconds(30));

        Assert.Equal("Disbursed", done.Outcome);
        Assert.Equal(1, await host.CounterAsync(customerId, "disbursal"));
        var reconcile = Assert.Single(await host.JournalAsync(done.Id), e => e.Kind == "Reconcile");
        Assert.Equal(("disburse", "poll"), (reconcile.StepId, reconcile.Data!["action"]!.GetValue<string>()));
        Assert.True(done.Steps.Single(s => s.StepId == "disburse").Attempt >= 2);
    }

    [Fact]
    public async Task DisbursalTriggerAnswerLost_ReRunGetsTheDocumentedDuplicateAnswer_OneDisbursal()
    {
        var (input, customerId, _) = PersonalLoanJourneyTests.Input(Borrowers.Happy);
        host.Dropper.Arm("POST", "v2/loan/disburse");

        var done = await host.RunAsync("finbox-personal-loan", input, TimeSpan.FromSeconds(30));

        Assert.Equal("Disbursed", done.Outcome);
        var journal = await host.JournalAsync(done.Id);
        Assert.Equal("resend", Assert.Single(journal, e => e.Kind == "Reconcile").Data!["action"]!.GetValue<string>());

        // The second trigger reached FinBox and was answered "Request Already Reported" with the first reference.
        var triggers = journal.Where(e => e.Kind == "LenderCall" && e.StepId == "disburse" && e.Data!["method"]!.GetValue<string>() == "POST").ToList();
        Assert.Equal(2, triggers.Count);
        Assert.Equal("FBX-S-208", triggers[^1].Data!["lenderCode"]!.GetValue<string>());
        Assert.Equal(1, await host.CounterAsync(customerId, "disbursal"));
        Assert.Equal(1, await host.CounterAsync(customerId, "disbursalDuplicate"));
    }

    [Theory]
    [InlineData("paylater/block", "block")]
    [InlineData("paylater/tranche", "tranche")]
    public async Task PayLaterAnswerLost_ReRunFindsTheEffectByTheBlockBalance_SentOnce(string path, string counter)
    {
        var (input, appId, orderId) = PayLaterJourneyTests.Input(Borrowers.Happy);
        host.Dropper.Arm("POST", path);
        var started = await host.Client.StartAsync("capitalfloat-paylater", input);

        await host.WaitForSignalAsync(started.Id, "otp");
        var otp = (await host.GetJsonAsync($"sandbox/capitalfloat/otp?app_id={appId}&order_id={orderId}"))["otp"]!.GetValue<string>();
        await host.Client.SignalAsync(started.Id, "otp", new JsonObject { ["otp"] = otp });
        var done = await host.WaitAsync(started.Id, i => i.Status == WorkflowStatus.Completed);

        Assert.Equal("Disbursed", done.Outcome);
        Assert.Equal(1, await host.CounterAsync(appId, counter));
        Assert.Equal("found", Assert.Single(await host.JournalAsync(done.Id), e => e.Kind == "Reconcile").Data!["action"]!.GetValue<string>());
    }
}
