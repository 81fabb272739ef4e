using System.Text.Json.Nodes;
using LoanJourney.Activities.Tests.CapitalFloat;
using LoanJourney.Activities.Tests.FinBoxPrism;
using LoanJourney.Activities.Tests.TestSupport;
using LoanJourney.Engine.Activities;
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
    public async Task DisbursalTriggerAnswerLost_OutcomeUnknownIncident_ConfirmNotSentTriggersOnce()
    {
        var (input, customerId, _) = PersonalLoanJourneyTests.Input(Borrowers.Happy);
        await host.SetFaultsAsync(new JsonObject { ["dropBeforeCommit"] = new JsonArray("v2/loan/disburse") });
        var started = await host.Client.StartAsync("finbox-personal-loan", input);
        var faulted = await host.WaitAsync(started.Id, i => i.Status == WorkflowStatus.Faulted, TimeSpan.FromSeconds(30));
        await host.SetFaultsAsync(new JsonObject());

        Assert.Equal(("disburse", OperatorDecision.ErrorKind), (faulted.Incident!.StepId, faulted.Incident.ErrorKind));
        Assert.Equal(customerId, faulted.Incident.Details!["intent"]!["customerID"]!.GetValue<string>());
        Assert.Equal(0, await host.CounterAsync(customerId, "disbursal"));

        // A plain retry does not guess either: the same incident again, nothing sent.
        await host.Client.RetryIncidentAsync(started.Id);
        var again = await host.WaitAsync(started.Id, i => i.Status == WorkflowStatus.Faulted && i.Incident!.Id != faulted.Incident.Id);
        Assert.Equal(OperatorDecision.ErrorKind, again.Incident!.ErrorKind);
        Assert.Equal(1, CountPosts(await host.JournalAsync(started.Id), "disburse"));

        await host.Client.DecideOutcomeAsync(started.Id, sent: false, reference: null);
        var done = await host.WaitAsync(started.Id, i => i.Status == WorkflowStatus.Completed, TimeSpan.FromSeconds(30));

        Assert.Equal("Disbursed", done.Outcome);
        Assert.Equal(1, await host.CounterAsync(customerId, "disbursal"));
        Assert.Equal(0, await host.CounterAsync(customerId, "disbursalDuplicate"));
        Assert.Equal(2, CountPosts(await host.JournalAsync(started.Id), "disburse"));
    }

    [Fact]
    public async Task BlockAnswerLost_ReRunFindsTheBlockByItsBalance_SentOnce()
    {
        var (input, appId, orderId) = PayLaterJourneyTests.Input(Borrowers.Happy);
        host.Dropper.Arm("POST", "paylater/block");
        var started = await host.Client.StartAsync("capitalfloat-paylater", input);

        await VerifyOtpAsync(started.Id, appId, orderId);
        var done = await host.WaitAsync(started.Id, i => i.Status == WorkflowStatus.Completed);

        Assert.Equal("Disbursed", done.Outcome);
        Assert.Equal(1, await host.CounterAsync(appId, "block"));
        Assert.Equal("found", Assert.Single(await host.JournalAsync(done.Id), e => e.Kind == "Reconcile").Data!["action"]!.GetValue<string>());
    }

    [Fact]
    public async Task TrancheCommittedAnswerLost_OperatorConfirmsSent_DisbursedWithTheirReference_TrancheOnce()
    {
        var (id, appId) = await FaultedTrancheAsync("loseAnswerAfterCommit");
        Assert.Equal(1, await host.CounterAsync(appId, "tranche"));

        await host.Client.DecideOutcomeAsync(id, sent: true, reference: "TR-confirmed-by-ops");
        var done = await host.WaitAsync(id, i => i.Status == WorkflowStatus.Completed);

        Assert.Equal("Disbursed", done.Outcome);
        var reconcile = Assert.Single(await host.JournalAsync(id), e => e.Kind == "Reconcile" && e.StepId == "tranche");
        Assert.Equal(("operator-confirmed-sent", "TR-confirmed-by-ops"), (reconcile.Data!["action"]!.GetValue<string>(), reconcile.Data["reference"]!.GetValue<string>()));
        Assert.Equal((1, 0), (await host.CounterAsync(appId, "tranche"), await host.CounterAsync(appId, "trancheDuplicate")));
        Assert.Equal(1, CountPosts(await host.JournalAsync(id), "tranche"));
    }

    [Fact]
    public async Task TrancheNeverArrived_OperatorConfirmsNotSent_SentAgainOnce()
    {
        var (id, appId) = await FaultedTrancheAsync("dropBeforeCommit");
        Assert.Equal(0, await host.CounterAsync(appId, "tranche"));

        await host.Client.DecideOutcomeAsync(id, sent: false, reference: null);
        var done = await host.WaitAsync(id, i => i.Status == WorkflowStatus.Completed);

        Assert.Equal("Disbursed", done.Outcome);
        Assert.Equal("operator-resend", Assert.Single(await host.JournalAsync(id), e => e.Kind == "Reconcile" && e.StepId == "tranche").Data!["action"]!.GetValue<string>());
        Assert.Equal((1, 0), (await host.CounterAsync(appId, "tranche"), await host.CounterAsync(appId, "trancheDuplicate")));
        Assert.Equal(2, CountPosts(await host.JournalAsync(id), "tranche"));
    }

    [Fact]
    public async Task TrancheNeverArrived_OperatorCancels_BlockReleasedNothingDrawn()
    {
        var (id, appId) = await FaultedTrancheAsync("dropBeforeCommit");

        await host.Client.CancelAsync(id, "operator: tranche not sent, order cancelled");
        var done = await host.WaitAsync(id, i => i.Status is WorkflowStatus.Cancelled or WorkflowStatus.Faulted);

        Assert.Equal(WorkflowStatus.Cancelled, done.Status);
        Assert.Equal((0, 1), (await host.CounterAsync(appId, "tranche"), await host.CounterAsync(appId, "blockCancel")));
    }

    [Fact]
    public async Task CancelAnswerLost_OutcomeUnknownIncident_ConfirmSentEndsBlockCancelled_CancelOnce()
    {
        var (input, appId, orderId) = PayLaterJourneyTests.Input(Borrowers.Happy);
        input["maxOtpAttempts"] = JsonNode.Parse("1"); // as it arrives over HTTP (a CLR int literal trips WorkflowCompiler.LiteralFits)
        var started = await host.Client.StartAsync("capitalfloat-paylater", input);
        await host.SetFaultsAsync(new JsonObject { ["loseAnswerAfterCommit"] = new JsonArray("paylater/cancel") });
        await host.WaitForSignalAsync(started.Id, "otp");
        var otp = (await host.GetJsonAsync($"sandbox/capitalfloat/otp?app_id={appId}&order_id={orderId}"))["otp"]!.GetValue<string>();
        await host.Client.SignalAsync(started.Id, "otp", new JsonObject { ["otp"] = otp == "000000" ? "111111" : "000000" });
        var faulted = await host.WaitAsync(started.Id, i => i.Status == WorkflowStatus.Faulted);
        await host.SetFaultsAsync(new JsonObject());
        Assert.Equal(("cancelBlock", OperatorDecision.ErrorKind), (faulted.Incident!.StepId, faulted.Incident.ErrorKind));

        await host.Client.DecideOutcomeAsync(started.Id, sent: true, reference: "CF-ops-ticket-1");
        var done = await host.WaitAsync(started.Id, i => i.Status == WorkflowStatus.Completed);

        Assert.Equal("BlockCancelled", done.Outcome);
        Assert.Equal(1, await host.CounterAsync(appId, "blockCancel"));
    }

    private async Task<(string Id, string AppId)> FaultedTrancheAsync(string fault)
    {
        var (input, appId, orderId) = PayLaterJourneyTests.Input(Borrowers.Happy);
        var started = await host.Client.StartAsync("capitalfloat-paylater", input);
        await host.SetFaultsAsync(new JsonObject { [fault] = new JsonArray("paylater/tranche") });
        await VerifyOtpAsync(started.Id, appId, orderId);
        var faulted = await host.WaitAsync(started.Id, i => i.Status == WorkflowStatus.Faulted);
        await host.SetFaultsAsync(new JsonObject());

        var incident = faulted.Incident!;
        Assert.Equal(("tranche", OperatorDecision.ErrorKind), (incident.StepId, incident.ErrorKind));
        var intent = incident.Details!["intent"]!;
        Assert.Equal((orderId, "tranche", input["amount"]!.ToString()),
            (intent["orderId"]!.GetValue<string>(), intent["suborderId"]!.GetValue<string>(), intent["amount"]!.GetValue<string>()));
        Assert.NotNull(Assert.Single(intent["sends"]!.AsArray())!["sentAt"]);
        Assert.Equal(["confirm-sent", "confirm-not-sent", "cancel"], incident.Details["choices"]!.AsArray().Select(c => c!.GetValue<string>()));
        return (started.Id, appId);
    }

    private async Task VerifyOtpAsync(string id, string appId, string orderId)
    {
        await host.WaitForSignalAsync(id, "otp");
        var otp = (await host.GetJsonAsync($"sandbox/capitalfloat/otp?app_id={appId}&order_id={orderId}"))["otp"]!.GetValue<string>();
        await host.Client.SignalAsync(id, "otp", new JsonObject { ["otp"] = otp });
    }

    private static int CountPosts(IReadOnlyList<JournalEntry> journal, string stepId) =>
        journal.Count(e => e.Kind == "LenderCall" && e.StepId == stepId && e.Data!["method"]!.GetValue<string>() == "POST");
}
