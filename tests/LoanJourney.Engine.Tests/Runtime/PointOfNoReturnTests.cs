using LoanJourney.Engine.Activities;
using LoanJourney.Engine.Errors;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Storage;
using LoanJourney.Engine.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static LoanJourney.Engine.Tests.Support.Defs;

namespace LoanJourney.Engine.Tests.Runtime;

/// <summary>
/// A cancel cannot undo a disbursal: once a point-of-no-return step's call may be out, or it ended with one of its
/// point-of-no-return outcomes, a cancel is refused and the journey goes on (docs/engine.md "Point of no return").
/// </summary>
public sealed class PointOfNoReturnTests
{
    // a: block (compensated by a release) → disburse (Test.Disburse) → the partner is told (a signal the test sends) → end.
    private static string Journey(string disburseInputs) => Workflow("loan", $$"""
        {{Step("a", "Test.Record", """{ "Done": "disburse" }""", """{ "label": "block" }""", """, "compensation": { "activity": "Test.Compensate", "inputs": { "label": "release" } }""")}},
        {{Step("disburse", "Test.Disburse", """{ "Disbursed": "share", "Rejected": "share" }""", disburseInputs)}},
        {{Step("share", "Core.WaitForSignal", """{ "Received": "end" }""", """{ "signal": "shared" }""")}},
        {{Step("end", "Core.End", inputs: """{ "outcome": "Done" }""")}}
        """);

    // Starts the journey and holds its disbursal at holdAt; returns the engine, the journey and the drain to await once released.
    private static async Task<(EngineHarness Engine, string Id, Task Drain)> HoldAsync(string disburseInputs)
    {
        var engine = await EngineHarness.StartAsync(Journey(disburseInputs));
        engine.Probe.PayGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var instance = await engine.Client.StartAsync("loan", null);
        var drain = engine.DrainAsync();
        await engine.Probe.PayEntered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        return (engine, instance.Id, drain);
    }

    [Fact]
    public async Task Cancel_WhileTheDisbursalCallIsOut_IsRefused_AndTheJourneyGoesOnToItsEnd()
    {
        var (engine, id, drain) = await HoldAsync("""{ "holdAt": "afterSend" }""");
        await using var _ = engine;

        var refused = await Assert.ThrowsAsync<PastPointOfNoReturnException>(() => engine.Client.CancelAsync(id, "borrower withdrew"));
        engine.Probe.PayGate!.SetResult();
        await drain;
        await engine.Client.SignalAsync(id, "shared", null);
        await engine.DrainAsync();

        Assert.Equal(("disburse", null, true), (refused.StepId, refused.Outcome, refused.MoneyCallOut));
        var done = await engine.Client.GetInstanceAsync(id);
        Assert.Equal((WorkflowStatus.Completed, "Done"), (done.Status, done.Outcome));
        Assert.Equal(["a:block", "disburse:send"], engine.Probe.Log);
        Assert.DoesNotContain(JournalKinds.CancelRequested, await engine.JournalKindsAsync(id));
    }

    [Fact]
    public async Task Cancel_AfterTheDisbursal_IsRefusedNamingTheStep_AndChangesNothing()
    {
        await using var engine = await EngineHarness.StartAsync(Journey("{}"));
        var waiting = await engine.StartAndRunAsync("loan");
        Assert.Equal((WorkflowStatus.Waiting, "share"), (waiting.Status, waiting.CurrentStepId));
        var before = await engine.Store.GetInstanceAsync(waiting.Id, default);

        var refused = await Assert.ThrowsAsync<PastPointOfNoReturnException>(() => engine.Client.CancelAsync(waiting.Id, "partner cancelled"));

        Assert.Equal(("past_point_of_no_return", "disburse", "Disbursed", false), (refused.Code, refused.StepId, refused.Outcome, refused.MoneyCallOut));
        var after = await engine.Store.GetInstanceAsync(waiting.Id, default);
        Assert.Equal((before!.Version, WorkflowStatus.Waiting, false), (after!.Version, after.Status, after.CancelRequested));
        Assert.DoesNotContain(JournalKinds.CancelRequested, await engine.JournalKindsAsync(waiting.Id));
        await engine.Client.SignalAsync(waiting.Id, "shared", null);
        await engine.DrainAsync();
        Assert.Equal(WorkflowStatus.Completed, (await engine.Client.GetInstanceAsync(waiting.Id)).Status);
    }

    // Before the disbursal saved its intent nothing is sent; once the lender refused it (the intent marked answered with a
    // failure) the money did not move, even before the step commits. Either way the cancel applies and the block is released.
    [Theory]
    [InlineData("""{ "holdAt": "beforeSend" }""", null)]
    [InlineData("""{ "holdAt": "afterAnswer", "answer": "refused" }""", "disburse:send")]
    public async Task Cancel_BeforeTheDisbursalIsSent_OrAfterTheLenderRefusedIt_StillApplies(string disburseInputs, string? sent)
    {
        var (engine, id, drain) = await HoldAsync(disburseInputs);
        await using var _ = engine;

        await engine.Client.CancelAsync(id, "borrower withdrew");
        engine.Probe.PayGate!.SetResult();
        await drain;
        await engine.DrainAsync();

        Assert.Equal(WorkflowStatus.Cancelled, (await engine.Client.GetInstanceAsync(id)).Status);
        Assert.Equal(sent is null ? ["a:block", "compensate:release"] : ["a:block", sent, "compensate:release"], engine.Probe.Log);
    }

    [Fact]
    public async Task Retry_OfALostAnswersQuestion_IsRefusedAwaitsDecision_AndChangesNothing_TheAnswerStillTakes()
    {
        // Session 46: the rule was the bulk retry's, read before the retry; a single retry took the question and asked it again.
        await using var engine = await EngineHarness.StartAsync(Journey("""{ "answer": "lost" }"""));
        var faulted = await engine.StartAndRunAsync("loan");
        Assert.Equal((WorkflowStatus.Faulted, OperatorDecision.ErrorKind), (faulted.Status, faulted.Incident?.ErrorKind));
        var before = await engine.Store.GetInstanceAsync(faulted.Id, default);

        var refused = await Assert.ThrowsAsync<AwaitsDecisionException>(() => engine.Client.RetryIncidentAsync(faulted.Id, "ops", "lender back up"));

        Assert.Equal(("awaits_decision", faulted.Id, "disburse"), (refused.Code, refused.InstanceId, refused.StepId));
        Assert.Contains("confirm-sent or confirm-not-sent", refused.Message, StringComparison.Ordinal);
        var after = await engine.Store.GetInstanceAsync(faulted.Id, default);
        Assert.Equal((before!.Version, WorkflowStatus.Faulted), (after!.Version, after.Status));
        Assert.Equal(faulted.Incident!.Id, (await engine.Client.GetInstanceAsync(faulted.Id)).Incident?.Id);
        Assert.DoesNotContain(JournalKinds.IncidentRetried, await engine.JournalKindsAsync(faulted.Id));

        // The question is still the operator's to answer, and the answer takes.
        var answered = await engine.Client.DecideOutcomeAsync(faulted.Id, sent: true, "UTR-OPS-1", "ops", "lender confirmed the disbursal");
        Assert.Equal(faulted.Incident.Id, answered.AnsweredIncident?.Id);
    }

    [Fact]
    public async Task Cancel_WhileTheOperatorDecidesALostAnswer_IsRefused_UntilTheOperatorSaysItWasNotSentAndToStop()
    {
        await using var engine = await EngineHarness.StartAsync(Journey("""{ "answer": "lost" }"""));
        var faulted = await engine.StartAndRunAsync("loan");
        Assert.Equal((WorkflowStatus.Faulted, OperatorDecision.ErrorKind), (faulted.Status, faulted.Incident?.ErrorKind));
        var before = await engine.Store.GetInstanceAsync(faulted.Id, default);

        // A cancel is a guess while the disbursal may have moved the money: refused, nothing changed, and it says how to settle.
        var refused = await Assert.ThrowsAsync<PastPointOfNoReturnException>(() => engine.Client.CancelAsync(faulted.Id, "borrower withdrew"));
        Assert.Equal(("disburse", true, true), (refused.StepId, refused.MoneyCallOut, refused.Journeys[0].AwaitsDecision));
        Assert.Contains("\"then\": \"cancel\"", refused.Message, StringComparison.Ordinal);
        Assert.Equal(refused.Journeys[0], await engine.Client.GetCancelRefusalAsync(faulted.Id));
        var after = await engine.Store.GetInstanceAsync(faulted.Id, default);
        Assert.Equal((before!.Version, WorkflowStatus.Faulted, false), (after!.Version, after.Status, after.CancelRequested));

        // The operator learnt from the lender that it never arrived, and the journey is to stop: nothing is sent again, the
        // block is released, and the journal says both.
        await engine.Client.DecideNotSentAndCancelAsync(faulted.Id, "ops", "lender: no such disbursal; borrower withdrew");
        await engine.DrainAsync();

        var cancelled = await engine.Client.GetInstanceAsync(faulted.Id);
        Assert.Equal((WorkflowStatus.Cancelled, null), (cancelled.Status, cancelled.Incident));
        Assert.Equal(["a:block", "compensate:release"], engine.Probe.Log);
        Assert.Empty(await engine.Store.GetOpenIntentsAsync(faulted.Id, default));
        var kinds = (await engine.JournalKindsAsync(faulted.Id)).ToList();
        Assert.Equal(1, kinds.Count(k => k == JournalKinds.OutcomeDecided));
        Assert.True(kinds.IndexOf(JournalKinds.OutcomeDecided) < kinds.IndexOf(JournalKinds.CancelRequested));
        Assert.Null(await engine.Client.GetCancelRefusalAsync(faulted.Id));
        await Assert.ThrowsAsync<NoIncidentException>(() => engine.Client.DecideNotSentAndCancelAsync(faulted.Id, "ops", "again"));
    }

    [Fact]
    public async Task CancelRefusal_SaysBeforeTheOperatorAsksWhatTheCancelWouldSay_AndNothingWhereACancelApplies()
    {
        await using var engine = await EngineHarness.StartAsync(Journey("{}"));
        var waiting = await engine.StartAndRunAsync("loan");
        Assert.Equal(WorkflowStatus.Waiting, waiting.Status);

        var shown = await engine.Client.GetCancelRefusalAsync(waiting.Id);
        var refused = await Assert.ThrowsAsync<PastPointOfNoReturnException>(() => engine.Client.CancelAsync(waiting.Id, "partner cancelled"));
        Assert.Equal(refused.Journeys[0], shown);
        Assert.Equal(refused.Message, PastPointOfNoReturnException.CancelMessage(shown!));
        Assert.Equal(("disburse", "Disbursed", false), (shown!.StepId, shown.Outcome, shown.MoneyCallOut));

        await using var plain = await EngineHarness.StartAsync(Journey("{}").Replace("Test.Disburse", "Test.Pay", StringComparison.Ordinal)
            .Replace("""{ "Disbursed": "share", "Rejected": "share" }""", """{ "Done": "share" }""", StringComparison.Ordinal));
        var other = await plain.StartAndRunAsync("loan");
        Assert.Equal(WorkflowStatus.Waiting, other.Status);
        Assert.Null(await plain.Client.GetCancelRefusalAsync(other.Id));
    }

    [Fact]
    public async Task InstanceDetail_ReadsTheRowOnce_AndShowsTheCancelRefusalOfThatRead()
    {
        await using var engine = await EngineHarness.StartAsync(null, StoreHook.Register, Journey("""{ "answer": "lost" }"""));
        var hook = engine.Services.GetRequiredService<StoreHook>();
        var faulted = await engine.StartAndRunAsync("loan");
        Assert.Equal(OperatorDecision.ErrorKind, faulted.Incident?.ErrorKind);

        hook.Calls = new();
        var detail = await engine.Client.GetInstanceDetailAsync(faulted.Id);
        var reads = hook.Calls.ToList();
        hook.Calls = null;

        // The view's three parts come from one read of the row and one of its incident: the refusal does not read them again.
        Assert.Equal(1, reads.Count(r => r == nameof(IWorkflowStore.GetInstanceAsync)));
        Assert.Equal(1, reads.Count(r => r == nameof(IWorkflowStore.GetOpenIncidentAsync)));
        Assert.Equal(await engine.Client.GetCancelRefusalAsync(faulted.Id), detail.CancelRefusal);
        Assert.Equal(("disburse", true), (detail.CancelRefusal!.StepId, detail.CancelRefusal.AwaitsDecision));
        Assert.Equal((faulted.Id, WorkflowStatus.Faulted, faulted.Incident!.Id), (detail.Instance.Id, detail.Instance.Status, detail.Instance.Incident?.Id));

        // A journey being cancelled (or ended) answers no refusal and reads no intents for it.
        await engine.Client.DecideNotSentAndCancelAsync(faulted.Id, "ops", "lender: never arrived");
        await engine.DrainAsync();
        hook.Calls = new();
        var cancelled = await engine.Client.GetInstanceDetailAsync(faulted.Id);
        reads = hook.Calls.ToList();
        hook.Calls = null;
        Assert.Equal((WorkflowStatus.Cancelled, null), (cancelled.Instance.Status, cancelled.CancelRefusal));
        Assert.DoesNotContain(nameof(IWorkflowStore.GetOpenIntentsAsync), reads);
        Assert.Equal(1, reads.Count(r => r == nameof(IWorkflowStore.GetInstanceAsync)));
    }

    [Fact]
    public async Task Cancel_WhileTheOperatorIsAskedForTheReferenceOfADisbursalTheLenderTook_IsRefused_AndSoIsConfirmNotSent()
    {
        await using var engine = await EngineHarness.StartAsync(Journey("""{ "answer": "taken" }"""));
        var faulted = await engine.StartAndRunAsync("loan");
        Assert.Equal((WorkflowStatus.Faulted, OperatorDecision.ErrorKind), (faulted.Status, faulted.Incident?.ErrorKind));
        var before = await engine.Store.GetInstanceAsync(faulted.Id, default);

        var refused = await Assert.ThrowsAsync<PastPointOfNoReturnException>(() => engine.Client.CancelAsync(faulted.Id, "borrower withdrew"));
        var notSent = await Assert.ThrowsAsync<InvalidInstanceStateException>(() => engine.Client.DecideOutcomeAsync(faulted.Id, sent: false, reference: null));
        var notSentAndCancel = await Assert.ThrowsAsync<InvalidInstanceStateException>(() => engine.Client.DecideNotSentAndCancelAsync(faulted.Id, "ops", "stop"));

        Assert.Equal(("disburse", null, true), (refused.StepId, refused.Outcome, refused.MoneyCallOut));
        Assert.Contains("answered FBX-S-208", refused.Message, StringComparison.Ordinal);
        Assert.Contains("confirm-sent", notSent.Message, StringComparison.Ordinal);
        Assert.Equal(("Faulted", "Faulted"), (notSent.Status, notSentAndCancel.Status));
        var after = await engine.Store.GetInstanceAsync(faulted.Id, default);
        Assert.Equal((before!.Version, WorkflowStatus.Faulted, false), (after!.Version, after.Status, after.CancelRequested));
        Assert.DoesNotContain(JournalKinds.CancelRequested, await engine.JournalKindsAsync(faulted.Id));
        Assert.Equal(["a:block"], engine.Probe.Log);
    }

    [Fact]
    public async Task Cancel_OfAJourneyWithoutAPointOfNoReturn_IsUnchanged_EvenWithItsMoneyCallOut()
    {
        // Test.Pay declares none: its cancel while the call is out still applies, and the compensations run after the step.
        await using var engine = await EngineHarness.StartAsync(Journey("{}").Replace("Test.Disburse", "Test.Pay", StringComparison.Ordinal)
            .Replace("""{ "Disbursed": "share", "Rejected": "share" }""", """{ "Done": "share" }""", StringComparison.Ordinal));
        var waiting = await engine.StartAndRunAsync("loan");

        await engine.Client.CancelAsync(waiting.Id, "partner cancelled");
        await engine.DrainAsync();

        Assert.Equal(WorkflowStatus.Cancelled, (await engine.Client.GetInstanceAsync(waiting.Id)).Status);
    }

    // Another journey of the same borrower, before any point of no return: the one an erasure's cancelFirst would cancel.
    private static readonly string Waits = Workflow("waits", $$"""
        {{Step("a", "Core.WaitForSignal", """{ "Received": "end" }""", """{ "signal": "go" }""")}},
        {{Step("end", "Core.End", inputs: """{ "outcome": "Done" }""")}}
        """);

    [Fact]
    public async Task Erase_CancelFirst_WithJourneysPastTheirPointOfNoReturn_NamesThemAll_CancelsNoneAndErasesNothing()
    {
        await using var engine = await EngineHarness.StartAsync(Journey("{}"), Waits);
        var borrower = new StartOptions { CorrelationId = "CUST-1" };
        // Created first, so the erasure meets it before the disbursed journeys.
        var waiting = await engine.StartAndRunAsync("waits", options: borrower);
        engine.Clock.Advance(TimeSpan.FromSeconds(1));
        var disbursed = await engine.StartAndRunAsync("loan", options: borrower);
        engine.Clock.Advance(TimeSpan.FromSeconds(1));
        var disbursedToo = await engine.StartAndRunAsync("loan", options: borrower);
        Assert.Equal((WorkflowStatus.Waiting, WorkflowStatus.Waiting, "share"), (waiting.Status, disbursed.Status, disbursed.CurrentStepId));

        var refused = await Assert.ThrowsAsync<PastPointOfNoReturnException>(() =>
            engine.Client.EraseAsync("CUST-1", [], cancelFirst: true, "ada", "DPDP request 42", TimeSpan.FromSeconds(5)));

        var other = await engine.Store.GetInstanceAsync(waiting.Id, default);
        Assert.Equal((WorkflowStatus.Waiting, false), (other!.Status, other.CancelRequested));
        Assert.DoesNotContain(JournalKinds.CancelRequested, await engine.JournalKindsAsync(waiting.Id));
        Assert.Equal(("past_point_of_no_return", disbursed.Id, "disburse", "Disbursed"), (refused.Code, refused.InstanceId, refused.StepId, refused.Outcome));
        Assert.Equal([(disbursed.Id, "Disbursed"), (disbursedToo.Id, "Disbursed")], refused.Journeys.Select(j => (j.InstanceId, j.Outcome!)));
        Assert.Contains("nothing was cancelled or erased", refused.Message, StringComparison.Ordinal);
        Assert.Equal("CUST-1", (await engine.Client.GetInstanceAsync(waiting.Id)).CorrelationId);
    }

    [Fact]
    public async Task Erase_CancelFirst_WhileADisbursalCallIsOut_CancelsNoneOfTheBorrowersJourneys()
    {
        await using var engine = await EngineHarness.StartAsync(Journey("""{ "holdAt": "afterSend" }"""), Waits);
        var borrower = new StartOptions { CorrelationId = "CUST-2" };
        var waiting = await engine.StartAndRunAsync("waits", options: borrower);
        engine.Clock.Advance(TimeSpan.FromSeconds(1));
        engine.Probe.PayGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var paying = await engine.Client.StartAsync("loan", null, borrower);
        var drain = engine.DrainAsync();
        await engine.Probe.PayEntered.Task.WaitAsync(TimeSpan.FromSeconds(10));

        var refused = await Assert.ThrowsAsync<PastPointOfNoReturnException>(() =>
            engine.Client.EraseAsync("CUST-2", [], cancelFirst: true, "ada", "DPDP request 43", TimeSpan.FromSeconds(5)));
        engine.Probe.PayGate.SetResult();
        await drain;

        Assert.Equal((paying.Id, "disburse", null, true), (refused.InstanceId, refused.StepId, refused.Outcome, refused.MoneyCallOut));
        Assert.Equal([paying.Id], refused.Journeys.Select(j => j.InstanceId));
        var other = await engine.Store.GetInstanceAsync(waiting.Id, default);
        Assert.Equal((WorkflowStatus.Waiting, false), (other!.Status, other.CancelRequested));
        Assert.DoesNotContain(JournalKinds.CancelRequested, await engine.JournalKindsAsync(waiting.Id));
    }
}
