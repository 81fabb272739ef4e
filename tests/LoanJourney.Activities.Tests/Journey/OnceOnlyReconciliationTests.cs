using System.Text.Json.Nodes;
using LoanJourney.Activities.Tests.CapitalFloat;
using LoanJourney.Activities.Tests.FinBoxPrism;
using LoanJourney.Activities.Journey;
using LoanJourney.Activities.Tests.TestSupport;
using LoanJourney.Engine.Activities;
using LoanJourney.Engine.Errors;
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
    public async Task DisbursalTriggerNeverArrived_SameTriggerResent_DisbursedOnceWithoutOperator()
    {
        var (input, customerId, _) = PersonalLoanJourneyTests.Input(Borrowers.Happy);
        await host.SetFaultsAsync(new JsonObject { ["dropBeforeCommit"] = new JsonArray("v2/loan/disburse") });
        var started = await host.Client.StartAsync("finbox-personal-loan", input);
        await WaitForJournalAsync(started.Id, j => CountPosts(j, "disburse") >= 1);
        await host.SetFaultsAsync(new JsonObject());

        var done = await host.WaitAsync(started.Id, i => i.Status is WorkflowStatus.Completed or WorkflowStatus.Faulted, TimeSpan.FromSeconds(60));

        Assert.Equal((WorkflowStatus.Completed, "Disbursed"), (done.Status, done.Outcome));
        var journal = await host.JournalAsync(started.Id);
        Assert.DoesNotContain(journal, e => e.Kind == "IncidentRaised");
        Assert.Contains(journal, e => e.Kind == "Reconcile" && e.StepId == "disburse" && e.Data!["action"]!.GetValue<string>() == "resend-deduplicated");
        Assert.Equal((1, 0), (await host.CounterAsync(customerId, "disbursal"), await host.CounterAsync(customerId, "disbursalDuplicate")));
    }

    [Fact]
    public async Task DisbursalTriggerTookEffectAnswerLost_ResentTriggerAnswersAlreadyReported_PollsThatReference_DisbursedOnce()
    {
        var (input, customerId, _) = PersonalLoanJourneyTests.Input(Borrowers.Happy);
        host.Dropper.Arm("POST", "v2/loan/disburse");

        var done = await host.RunAsync("finbox-personal-loan", input, TimeSpan.FromSeconds(60));

        await AssertDisbursedOnceThroughTheDuplicateAnswerAsync(done, customerId);
    }

    [Fact]
    public async Task DisbursalAlreadyReportedWithoutReference_OutcomeUnknownIncident_ARetryIsRefused_NoSecondTriggerSent()
    {
        var (input, customerId, _) = PersonalLoanJourneyTests.Input(Borrowers.Happy);
        host.Dropper.Arm("POST", "v2/loan/disburse");
        host.Dropper.StripDuplicateAnswerData = true;
        try
        {
            var faulted = await host.RunAsync("finbox-personal-loan", input, TimeSpan.FromSeconds(60));

            Assert.Equal(WorkflowStatus.Faulted, faulted.Status);
            Assert.Equal(("disburse", OperatorDecision.ErrorKind), (faulted.Incident!.StepId, faulted.Incident.ErrorKind));
            Assert.Contains("FBX-S-208", faulted.Incident.Message, StringComparison.Ordinal);
            var tried = faulted.Incident.Details!["tried"]!.AsArray();
            Assert.Equal("FBX-S-208", tried[^1]!["answer"]!.GetValue<string>());
            Assert.Equal((1, 1), (await host.CounterAsync(customerId, "disbursal"), await host.CounterAsync(customerId, "disbursalDuplicate")));

            // A plain retry is no decision: refused in its own read of the incident (session 46). Until then it sent the
            // disbursal trigger once more, which FinBox deduplicates only while it keeps the first, and asked again.
            var retry = await Assert.ThrowsAsync<AwaitsDecisionException>(() => host.Client.RetryIncidentAsync(faulted.Id, "ops", "try again"));
            Assert.Equal(("awaits_decision", "disburse"), (retry.Code, retry.StepId));
            Assert.Equal((1, 1), (await host.CounterAsync(customerId, "disbursal"), await host.CounterAsync(customerId, "disbursalDuplicate")));

            // Nor is a skip a decision: skipping to Disbursed would leave the intent unanswered for ever (every later
            // alteration refused with unresolved_intent) and the partner told of a disbursal nobody confirmed. Refused,
            // and nothing changes.
            var skip = await Assert.ThrowsAsync<InvalidInstanceStateException>(() => host.Client.SkipIncidentAsync(faulted.Id, "Disbursed", "ops", "looks done"));
            Assert.Contains("confirm-sent", skip.Message, StringComparison.Ordinal);
            var still = await host.Client.GetInstanceAsync(faulted.Id);
            Assert.Equal((WorkflowStatus.Faulted, faulted.Incident.Id), (still.Status, still.Incident!.Id));
            Assert.DoesNotContain(await host.JournalAsync(faulted.Id), e => e.Kind == JournalKinds.IncidentRetried);
        }
        finally
        {
            host.Dropper.StripDuplicateAnswerData = false;
        }
    }

    [Fact]
    public async Task DisbursalAlreadyReportedWithoutReference_CancelAndConfirmNotSentAreRefused_ConfirmSentWithTheReferenceEndsDisbursedOnce()
    {
        // FinBox said it took the disbursal (FBX-S-208) and gave no referenceID: the money call is out, known, not guessed.
        var (input, customerId, _) = PersonalLoanJourneyTests.Input(Borrowers.Happy);
        host.Dropper.Arm("POST", "v2/loan/disburse");
        host.Dropper.StrippedReferences.Clear();
        host.Dropper.StripDuplicateAnswerData = true;
        WorkflowInstance faulted;
        try
        {
            faulted = await host.RunAsync("finbox-personal-loan", input, TimeSpan.FromSeconds(60));
        }
        finally
        {
            host.Dropper.StripDuplicateAnswerData = false;
        }

        Assert.Equal(("disburse", OperatorDecision.ErrorKind), (faulted.Incident!.StepId, faulted.Incident.ErrorKind));
        var refused = await Assert.ThrowsAsync<PastPointOfNoReturnException>(() => host.Client.CancelAsync(faulted.Id, "borrower withdrew"));
        Assert.Equal(("disburse", true), (refused.StepId, refused.MoneyCallOut));
        Assert.Contains("FBX-S-208", refused.Message, StringComparison.Ordinal);
        var notSent = await Assert.ThrowsAsync<InvalidInstanceStateException>(() => host.Client.DecideOutcomeAsync(faulted.Id, sent: false, reference: null, "ops", "not sent?"));
        Assert.Contains("confirm-sent", notSent.Message, StringComparison.Ordinal);
        var still = await host.Client.GetInstanceAsync(faulted.Id);
        Assert.Equal((WorkflowStatus.Faulted, faulted.Incident.Id, false), (still.Status, still.Incident!.Id, still.CancelRequested));

        // The reference FinBox's desk gives the operator: the step polls it, the journey ends Disbursed, one disbursal.
        var reference = Assert.Single(host.Dropper.StrippedReferences);
        await host.Client.DecideOutcomeAsync(faulted.Id, sent: true, reference, "ops", "FinBox confirmed the disbursal and its referenceID");
        var done = await host.WaitAsync(faulted.Id, i => i.Status is WorkflowStatus.Completed or WorkflowStatus.Faulted, TimeSpan.FromSeconds(60));

        Assert.Equal((WorkflowStatus.Completed, "Disbursed"), (done.Status, done.Outcome));
        Assert.Equal(1, await host.CounterAsync(customerId, "disbursal"));
        Assert.Equal(2, CountPosts(await host.JournalAsync(faulted.Id), "disburse"));
    }

    [Fact]
    public async Task SecondJourneyOfTheSameCustomer_TheLendersDuplicateAnswerIsNeverAdopted_TakenElsewhereIncident()
    {
        // The README's sample started twice: the second journey's first trigger is answered FBX-S-208 with the first
        // journey's reference. Adopted, it ended Disbursed with the first loan's UTR and shared the token again.
        var (input, customerId, _) = PersonalLoanJourneyTests.Input(Borrowers.Happy);
        var first = await host.RunAsync("finbox-personal-loan", input, TimeSpan.FromSeconds(60));
        Assert.Equal((WorkflowStatus.Completed, "Disbursed"), (first.Status, first.Outcome));

        var second = await host.RunAsync("finbox-personal-loan", input.DeepClone().AsObject(), TimeSpan.FromSeconds(60));

        Assert.Equal(WorkflowStatus.Faulted, second.Status);
        Assert.Equal(MoneyCall.TakenElsewhereKind, second.Incident!.ErrorKind);
        Assert.Contains("FBX-S-208", second.Incident.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(second.Steps, s => s.StepId is "disburse" or "shareApproved" && s.Status == "Completed");
        Assert.Equal((1, 0), (await host.CounterAsync(customerId, "disbursal"), await host.CounterAsync(customerId, "disbursalDuplicate")));

        // A retry asks the lender again and still does not adopt it.
        await host.Client.RetryIncidentAsync(second.Id);
        var again = await host.WaitAsync(second.Id, i => i.Status == WorkflowStatus.Faulted && i.Incident!.Id != second.Incident.Id);
        Assert.Equal((MoneyCall.TakenElsewhereKind, second.Incident.StepId), (again.Incident!.ErrorKind, again.Incident.StepId));
        Assert.Equal(1, await host.CounterAsync(customerId, "disbursal"));
    }

    [Fact]
    public async Task BlockOfAnOrderAnotherJourneyBlocked_NotAdopted_TakenElsewhereIncident_EvenOnRetry()
    {
        var (input, appId, orderId) = PayLaterJourneyTests.Input(Borrowers.Happy);
        var first = await host.Client.StartAsync("capitalfloat-paylater", input);
        await host.WaitForSignalAsync(first.Id, "otp");

        var second = await host.RunAsync("capitalfloat-paylater", input.DeepClone().AsObject(), TimeSpan.FromSeconds(30));

        Assert.Equal((WorkflowStatus.Faulted, "block", MoneyCall.TakenElsewhereKind), (second.Status, second.Incident!.StepId, second.Incident.ErrorKind));
        Assert.Contains(orderId, second.Incident.Message + second.Incident.Details, StringComparison.Ordinal);
        await host.Client.RetryIncidentAsync(second.Id);
        var again = await host.WaitAsync(second.Id, i => i.Status == WorkflowStatus.Faulted && i.Incident!.Id != second.Incident.Id);
        Assert.Equal(MoneyCall.TakenElsewhereKind, again.Incident!.ErrorKind);
        Assert.DoesNotContain(await host.JournalAsync(second.Id), e => e.Kind == "Reconcile" && e.Data!["action"]!.GetValue<string>() == "found");

        // The operator, having checked with the lender, skips it as refused: its intent is resolved with the skip.
        await host.Client.SkipIncidentAsync(second.Id, "Rejected", "ops", "order id reused by the partner");
        Assert.Equal("Rejected", (await host.WaitAsync(second.Id, i => i.Status == WorkflowStatus.Completed)).Outcome);
        Assert.Empty(await host.Store.GetOpenIntentsAsync(second.Id, default));

        // The first journey's block is its own still: its OTP and tranche go on.
        await VerifyOtpAsync(first.Id, appId, orderId);
        Assert.Equal("Disbursed", (await host.WaitAsync(first.Id, i => i.Status == WorkflowStatus.Completed)).Outcome);
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

    // A refused connect sent nothing: no incident, the step's own retry sends the tranche (session 36: it was an outcome-unknown
    // incident the operator had to answer).
    [Fact]
    public async Task TrancheRefusedAtConnect_NothingSent_SentAgainWithoutOperator_DrawnOnce()
    {
        var (input, appId, orderId) = PayLaterJourneyTests.Input(Borrowers.Happy);
        host.Dropper.ArmRefusal("POST", "paylater/tranche");
        var started = await host.Client.StartAsync("capitalfloat-paylater", input);
        await VerifyOtpAsync(started.Id, appId, orderId);

        var done = await host.WaitAsync(started.Id, i => i.Status is WorkflowStatus.Completed or WorkflowStatus.Faulted, TimeSpan.FromSeconds(60));

        Assert.Equal((WorkflowStatus.Completed, "Disbursed"), (done.Status, done.Outcome));
        var journal = await host.JournalAsync(started.Id);
        Assert.DoesNotContain(journal, e => e.Kind == "IncidentRaised");
        Assert.Equal((1, 0), (await host.CounterAsync(appId, "tranche"), await host.CounterAsync(appId, "trancheDuplicate")));
        // The refusal (raised outside the recording handler here, so it has no LenderCall entry; a real refused connect is one,
        // ResilienceTests.ATrancheThatCannotConnect…) failed the first attempt as retryable, and the second sent the tranche.
        var failed = Assert.Single(journal, e => e.Kind == "StepFailed" && e.StepId == "tranche");
        Assert.Equal(("LenderUnavailable", true), (failed.Data!["errorKind"]!.GetValue<string>(), failed.Data["retryable"]!.GetValue<bool>()));
        Assert.StartsWith("NOT_CONNECTED", failed.Data["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1, CountPosts(journal, "tranche"));
    }

    // The audit of session 37: a tranche the lender drew, answered by a gateway's 504, was counted as refused and drawn again.
    [Fact]
    public async Task TrancheDrawnButAnswered504_OutcomeUnknownIncident_NeverResent_OperatorConfirmsSent()
    {
        var (input, appId, orderId) = PayLaterJourneyTests.Input(Borrowers.Happy);
        host.Dropper.ArmReplacement("POST", "paylater/tranche", 504, "<html><body>504 Gateway Time-out</body></html>");
        var started = await host.Client.StartAsync("capitalfloat-paylater", input);
        await VerifyOtpAsync(started.Id, appId, orderId);

        var faulted = await host.WaitAsync(started.Id, i => i.Status is WorkflowStatus.Faulted or WorkflowStatus.Completed, TimeSpan.FromSeconds(60));

        Assert.Equal(WorkflowStatus.Faulted, faulted.Status);
        Assert.Equal(("tranche", OperatorDecision.ErrorKind), (faulted.Incident!.StepId, faulted.Incident.ErrorKind));
        var send = Assert.Single(faulted.Incident.Details!["intent"]!["sends"]!.AsArray());
        Assert.Equal("504 HTTP 504 (outcome unknown)", send!["answer"]!.GetValue<string>());
        Assert.Equal("activities-tests", (string?)send["node"]); // the node that sent it (Engine:NodeId), walk 45
        Assert.Equal((1, 0), (await host.CounterAsync(appId, "tranche"), await host.CounterAsync(appId, "trancheDuplicate")));

        await host.Client.DecideOutcomeAsync(started.Id, sent: true, reference: "TR-from-cf-ops");
        var done = await host.WaitAsync(started.Id, i => i.Status == WorkflowStatus.Completed);

        Assert.Equal("Disbursed", done.Outcome);
        Assert.Equal((1, 0), (await host.CounterAsync(appId, "tranche"), await host.CounterAsync(appId, "trancheDuplicate")));
        Assert.Equal(1, CountPosts(await host.JournalAsync(started.Id), "tranche"));
    }

    // The audit of session 37: a disbursal FinBox made but answered with an error that does not say so was taken for a refusal;
    // the retry's FBX-S-208 was then blamed on "another journey", and a cancel allowed while the money was out.
    [Theory]
    [InlineData(200, """{"statusCode":"FBX-E-003","message":"Timed Out"}""")]
    [InlineData(500, """{"statusCode":"FBX-E-002","message":"Internal Issues"}""")]
    [InlineData(502, "<html><body>502 Bad Gateway</body></html>")]
    public async Task DisbursalTookEffectButAnsweredWithAnOpenFailure_ResentTriggerAnswersAlreadyReported_DisbursedOnce(int status, string body)
    {
        var (input, customerId, _) = PersonalLoanJourneyTests.Input(Borrowers.Happy);
        host.Dropper.ArmReplacement("POST", "v2/loan/disburse", status, body);

        var done = await host.RunAsync("finbox-personal-loan", input, TimeSpan.FromSeconds(60));

        await AssertDisbursedOnceThroughTheDuplicateAnswerAsync(done, customerId);
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

    // Session 45's repair walk read "last at …21.7978565+00:00" in the message and the same 100 ns text in sends[].sentAt
    // and lastSentAt, where docs/api.md says every time is ISO 8601 to the millisecond (UTC), as the API writes them.
    [Fact]
    public async Task OutcomeUnknownIncident_ItsSendTimes_AreUtcToTheMillisecond_InDetailsAndMessage()
    {
        var (id, _) = await FaultedTrancheAsync("dropBeforeCommit");
        var incident = (await host.Client.GetInstanceAsync(id)).Incident!;
        var sentAt = Assert.Single(incident.Details!["intent"]!["sends"]!.AsArray())!["sentAt"]!.GetValue<string>();
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?\+00:00$", sentAt);
        Assert.Equal(sentAt, incident.Details["lastSentAt"]!.GetValue<string>());
        Assert.Equal(sentAt, Assert.Single(incident.Details["tried"]!.AsArray())!["sentAt"]!.GetValue<string>());
        Assert.Contains($"(last at {sentAt})", incident.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrancheNeverArrived_OperatorAnswersNotSentAndCancel_BlockReleasedNothingDrawn()
    {
        var (id, appId) = await FaultedTrancheAsync("dropBeforeCommit");

        // A plain cancel is no answer while the tranche may have been drawn.
        await Assert.ThrowsAsync<PastPointOfNoReturnException>(() => host.Client.CancelAsync(id, "order cancelled"));
        await host.Client.DecideNotSentAndCancelAsync(id, "ops", "Capital Float: no such tranche; order cancelled");
        var done = await host.WaitAsync(id, i => i.Status is WorkflowStatus.Cancelled or WorkflowStatus.Faulted);

        Assert.Equal(WorkflowStatus.Cancelled, done.Status);
        Assert.Equal((0, 1), (await host.CounterAsync(appId, "tranche"), await host.CounterAsync(appId, "blockCancel")));
    }

    [Fact]
    public async Task TrancheDrawnButItsAnswerLost_AWrongNotSentAndCancel_StopsAtTheRefusedRelease_WhoseSkipSaysNotCompensated()
    {
        // The tryout's chain: the tranche was drawn, its answer lost. The operator wrongly answers "not sent, cancel"; Capital
        // Float refuses the block's release (-25, amount not unblocked), which tells. Skipping that release takes no forward
        // outcome and leaves the block recorded as not compensated, not "Compensated".
        var (id, appId) = await FaultedTrancheAsync("loseAnswerAfterCommit");
        await host.Client.DecideNotSentAndCancelAsync(id, "ops", "lender says no tranche");
        var refused = await host.WaitAsync(id, i => i.Status == WorkflowStatus.Faulted);
        Assert.Equal(("block", true), (refused.Incident!.StepId, refused.CancelRequested));
        Assert.Contains("-25", refused.Incident.Message, StringComparison.Ordinal);

        // The refusal says why it usually happens, and what to check before skipping it (CapitalFloatCodes' hint for -25).
        Assert.Contains("a tranche was drawn against the block", refused.Incident.Message, StringComparison.Ordinal);
        Assert.Contains("check with Capital Float whether this order has a tranche before skipping the release", refused.Incident.Message, StringComparison.Ordinal);

        await Assert.ThrowsAsync<InvalidInstanceStateException>(() => host.Client.SkipIncidentAsync(id, "Blocked", "ops", "looks released"));
        await host.Client.SkipIncidentAsync(id, outcome: null, "ops", "tranche was drawn after all: raised with Capital Float");
        var done = await host.WaitAsync(id, i => i.Status is WorkflowStatus.Cancelled or WorkflowStatus.Faulted);

        var block = done.Steps.Single(s => s.StepId == "block");
        Assert.Equal((WorkflowStatus.Cancelled, false, true), (done.Status, block.Compensated, block.CompensationSkipped));
        Assert.Equal(1, await host.CounterAsync(appId, "tranche"));
    }

    [Fact]
    public async Task CancelAnswerLost_OutcomeUnknownIncident_ConfirmSentEndsBlockCancelled_CancelOnce()
    {
        var (input, appId, orderId) = PayLaterJourneyTests.Input(Borrowers.Happy);
        input["maxOtpAttempts"] = 1; // a CLR int literal (it tripped WorkflowCompiler.LiteralFits before the fix)
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

    // The first trigger took effect and its answer told nothing: the same trigger went again, FinBox answered FBX-S-208 with
    // the first reference, and the journey followed it — no incident, one disbursal, two POSTs.
    private async Task AssertDisbursedOnceThroughTheDuplicateAnswerAsync(WorkflowInstance done, string customerId)
    {
        Assert.Equal((WorkflowStatus.Completed, "Disbursed"), (done.Status, done.Outcome));
        var journal = await host.JournalAsync(done.Id);
        Assert.DoesNotContain(journal, e => e.Kind == "IncidentRaised");
        var actions = journal.Where(e => e.Kind == "Reconcile" && e.StepId == "disburse").Select(e => e.Data!["action"]!.GetValue<string>()).ToList();
        Assert.Equal(["resend-deduplicated", "already-taken"], actions);
        Assert.Equal((1, 1), (await host.CounterAsync(customerId, "disbursal"), await host.CounterAsync(customerId, "disbursalDuplicate")));
        Assert.Equal(2, CountPosts(journal, "disburse"));
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
        Assert.Equal(["confirm-sent", "confirm-not-sent", "confirm-not-sent-and-cancel"], incident.Details["choices"]!.AsArray().Select(c => c!.GetValue<string>()));
        return (started.Id, appId);
    }

    private async Task VerifyOtpAsync(string id, string appId, string orderId)
    {
        await host.WaitForSignalAsync(id, "otp");
        var otp = (await host.GetJsonAsync($"sandbox/capitalfloat/otp?app_id={appId}&order_id={orderId}"))["otp"]!.GetValue<string>();
        await host.Client.SignalAsync(id, "otp", new JsonObject { ["otp"] = otp });
    }

    private async Task WaitForJournalAsync(string id, Func<IReadOnlyList<JournalEntry>, bool> until)
    {
        var deadline = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(30);
        while (!until(await host.JournalAsync(id)))
        {
            Assert.True(TimeProvider.System.GetUtcNow() < deadline, $"Journal of {id} never matched.");
            await Task.Delay(TimeSpan.FromMilliseconds(20));
        }
    }

    private static int CountPosts(IReadOnlyList<JournalEntry> journal, string stepId) =>
        journal.Count(e => e.Kind == "LenderCall" && e.StepId == stepId && e.Data!["method"]!.GetValue<string>() == "POST");
}
