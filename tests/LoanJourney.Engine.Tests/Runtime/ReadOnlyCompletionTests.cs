using LoanJourney.Engine.Model;
using LoanJourney.Engine.Runtime;
using LoanJourney.Engine.Tests.Support;
using Microsoft.Data.Sqlite;
using static LoanJourney.Engine.Tests.Support.Defs;

namespace LoanJourney.Engine.Tests.Runtime;

/// <summary>
/// A poll that finds its operation done (<c>ActivityResult.CompleteReadOnly</c>: only read) is committed together with the next step's
/// transition instead of on its own, after a read of the row shows nothing moved it. The instance's version counts its commits
/// (regression guards, not timed); the journal, history and funnel are what a commit of its own wrote; a cancel still stops the journey
/// before the next step; a crash in between sends the poll again.
/// </summary>
public sealed class ReadOnlyCompletionTests
{
    private static void Horizon(EngineOptions o) => o.InMemoryTimerHorizon = TimeSpan.FromMinutes(1);

    private static string PollThenTwo(bool readOnly) => Workflow("roc",
        $"""
        {Step("a", "Test.ReadOnlyPoll", """{ "Done": "b" }""", $$"""{ "every": "00:00:02", "polls": 2, "completeReadOnly": {{(readOnly ? "true" : "false")}} }""")},
        {Step("b", "Test.Record", """{ "Done": "c" }""")}, {Step("c", "Test.Record")}
        """);

    [Fact]
    public async Task APollThatFindsItsOperationDone_IsCommittedWithTheNextStep_OneCommitFewer_AndTheJournalHistoryAndFunnelAreAsBefore()
    {
        await using var held = await EngineHarness.StartAsync(Horizon, PollThenTwo(readOnly: true));
        var instance = await held.StartAndRunAsync("roc");
        var afterTrigger = (await held.Store.GetInstanceAsync(instance.Id, default))!;
        await held.AdvanceAsync(TimeSpan.FromSeconds(2));

        // Poll 2 finds it done; while step b runs, the stored row is still the trigger's commit: a waiting on its poll timer.
        held.Probe.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        held.Clock.Advance(TimeSpan.FromSeconds(2));
        var drain = held.DrainAsync();
        await held.Probe.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var whileB = (await held.Store.GetInstanceAsync(instance.Id, default))!;
        Assert.Equal((afterTrigger.Version, WorkflowStatus.Waiting, "a"), (whileB.Version, whileB.Status, whileB.CurrentStepId));
        held.Probe.Gate.SetResult();
        await drain;

        Assert.Equal(["trigger", "poll1", "poll2", "b:", "c:"], held.Probe.Log);
        var done = (await held.Store.GetInstanceAsync(instance.Id, default))!;
        Assert.Equal(WorkflowStatus.Completed, done.Status);

        // The same journey with the completion committed on its own: one commit more, and the same journal, history and funnel.
        await using var alone = await EngineHarness.StartAsync(Horizon, PollThenTwo(readOnly: false));
        var other = await alone.StartAndRunAsync("roc");
        await alone.AdvanceAsync(TimeSpan.FromSeconds(2));
        await alone.AdvanceAsync(TimeSpan.FromSeconds(2));
        var doneAlone = (await alone.Store.GetInstanceAsync(other.Id, default))!;
        Assert.Equal(WorkflowStatus.Completed, doneAlone.Status);
        Assert.Equal(doneAlone.Version - 1, done.Version);

        var journal = (await held.Client.ReadJournalAsync(instance.Id, 0, 1000)).Items;
        Assert.Equal((await alone.Client.ReadJournalAsync(other.Id, 0, 1000)).Items.Select(e => (e.Kind, e.StepId)), journal.Select(e => (e.Kind, e.StepId)));
        Assert.Equal(journal.OrderBy(e => e.At).Select(e => e.Sequence), journal.Select(e => e.Sequence));
        var steps = (await held.Client.GetInstanceAsync(instance.Id)).Steps;
        Assert.Equal([("a", "Completed"), ("b", "Completed"), ("c", "Completed")], steps.Select(s => (s.StepId, s.Status)));
        Assert.Equal(2, System.Text.Json.Nodes.JsonNode.Parse(done.OutputsJson!)!["a"]!["polls"]!.GetValue<int>());
        var funnel = await held.Client.GetFunnelAsync("roc", TimeSpan.FromHours(1));
        foreach (var step in new[] { "a", "b", "c" })
        {
            var counts = Assert.Single(funnel.Steps, s => s.StepId == step);
            Assert.Equal((1L, 1L, 0L), (counts.Reached, counts.Completed, counts.Waiting));
        }
    }

    [Fact]
    public async Task ACancelRequestedWhileThePollIsOut_StopsTheJourneyBeforeTheNextStep_AsACommitOfItsOwnDid()
    {
        await using var engine = await EngineHarness.StartAsync(Horizon, PollThenTwo(readOnly: true));
        var instance = await engine.StartAndRunAsync("roc");
        await engine.AdvanceAsync(TimeSpan.FromSeconds(2));

        // Poll 2 is out (the run holds the lease): a cancel now only sets the row's flag, which the run reads before holding.
        engine.Probe.PollGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        engine.Clock.Advance(TimeSpan.FromSeconds(2));
        var drain = engine.DrainAsync();
        await engine.Probe.PollEntered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await engine.Client.CancelAsync(instance.Id, "borrower withdrew");
        engine.Probe.PollGate.SetResult();
        await drain;
        await engine.DrainAsync();

        Assert.Equal(["trigger", "poll1", "poll2"], engine.Probe.Log);
        var cancelled = await engine.Client.GetInstanceAsync(instance.Id);
        Assert.Equal(WorkflowStatus.Cancelled, cancelled.Status);
        Assert.Equal("Completed", Assert.Single(cancelled.Steps, s => s.StepId == "a").Status);
        Assert.DoesNotContain(cancelled.Steps, s => s.StepId == "b");
    }

    [Fact]
    public async Task ACancelThatRefusesTheNextStepsIntent_CommitsTheHeldCompletionFirst_AndNothingIsSent()
    {
        await using var engine = await EngineHarness.StartAsync(Horizon, Workflow("rocpay",
            $"""
            {Step("a", "Test.ReadOnlyPoll", """{ "Done": "pay" }""", """{ "every": "00:00:02", "polls": 1, "completeReadOnly": true }""")},
            {Step("pay", "Test.Pay", inputs: """{ "holdAt": "beforeSend" }""")}
            """));
        var instance = await engine.StartAndRunAsync("rocpay");
        var afterTrigger = (await engine.Store.GetInstanceAsync(instance.Id, default))!;

        // The completion is held; the payment stops before saving its intent, and a cancel lands there.
        engine.Probe.PayGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        engine.Clock.Advance(TimeSpan.FromSeconds(2));
        var drain = engine.DrainAsync();
        await engine.Probe.PayEntered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(afterTrigger.Version, (await engine.Store.GetInstanceAsync(instance.Id, default))!.Version);
        await engine.Client.CancelAsync(instance.Id, "borrower withdrew");
        engine.Probe.PayGate.SetResult();
        await drain;
        await engine.DrainAsync();

        Assert.DoesNotContain("pay:send", engine.Probe.Log);
        var cancelled = await engine.Client.GetInstanceAsync(instance.Id);
        Assert.Equal(WorkflowStatus.Cancelled, cancelled.Status);
        Assert.Equal("Completed", Assert.Single(cancelled.Steps, s => s.StepId == "a").Status);
        var journal = (await engine.Client.ReadJournalAsync(instance.Id, 0, 1000)).Items;
        Assert.Contains(journal, e => e is { Kind: JournalKinds.StepCompleted, StepId: "a" });
        Assert.Empty(await engine.Store.GetOpenIntentsAsync(instance.Id, default));
    }

    [Fact]
    public async Task BetweenTwoOnceOnlySteps_TheNextDoesNotTakeTheHeldStepsIntentForItsOwn()
    {
        // Prism's agreement then disbursal: both save their intent under the same key, and the held commit resolves the first's. Test.Once
        // reconciles (sends nothing) when it finds an intent "disburse": the poll step's, were it not resolved already.
        await using var engine = await EngineHarness.StartAsync(Horizon,
            Workflow("once2", $"""{Step("a", "Test.OnceOnlyPoll", """{ "Done": "pay" }""")}, {Step("pay", "Test.Once")}"""));
        var instance = await engine.StartAndRunAsync("once2");
        var afterTrigger = (await engine.Store.GetInstanceAsync(instance.Id, default))!;
        Assert.Equal("A1", System.Text.Json.Nodes.JsonNode.Parse(Assert.Single(await engine.Store.GetOpenIntentsAsync(instance.Id, default)).DataJson)!["ref"]!.GetValue<string>());
        await engine.AdvanceAsync(TimeSpan.FromSeconds(2));

        Assert.Equal(["a:trigger1", "a:poll", "send"], engine.Probe.Log);

        // a's completion rode with pay's commit (its failed attempt, the side effect out): one commit; the intent left is pay's own.
        var stored = (await engine.Store.GetInstanceAsync(instance.Id, default))!;
        Assert.Equal((afterTrigger.Version + 1, "pay"), (stored.Version, stored.CurrentStepId));
        var open = Assert.Single(await engine.Store.GetOpenIntentsAsync(instance.Id, default));
        Assert.Equal(("pay", "R1"), (open.StepId, System.Text.Json.Nodes.JsonNode.Parse(open.DataJson)!["ref"]!.GetValue<string>()));
    }

    [Fact]
    public async Task AHeldOnceOnlyCompletion_AndTheNextOnceOnlyStepsCompletion_ResolveTheirIntentsInTheOneCommit()
    {
        await using var engine = await EngineHarness.StartAsync(Horizon,
            Workflow("both", $"""{Step("a", "Test.OnceOnlyPoll", """{ "Done": "pay" }""")}, {Step("pay", "Test.Pay")}"""));
        var instance = await engine.StartAndRunAsync("both");
        var afterTrigger = (await engine.Store.GetInstanceAsync(instance.Id, default))!;
        await engine.AdvanceAsync(TimeSpan.FromSeconds(2));

        Assert.Equal(["a:trigger1", "a:poll", "pay:send"], engine.Probe.Log);
        var done = (await engine.Store.GetInstanceAsync(instance.Id, default))!;
        Assert.Equal((WorkflowStatus.Completed, afterTrigger.Version + 1), (done.Status, done.Version));
        Assert.Empty(await engine.Store.GetOpenIntentsAsync(instance.Id, default));
    }

    [Fact]
    public async Task AOnceOnlyStepThatLeadsBackToItself_IsCommittedOnItsOwn_SoItsNextTriggersIntentIsKept()
    {
        await using var engine = await EngineHarness.StartAsync(Horizon,
            Workflow("loop", $"""{Step("a", "Test.OnceOnlyPoll", """{ "Again": "a", "Done": "b" }""", """{ "loops": 2 }""")}, {Step("b", "Test.Record")}"""));
        var instance = await engine.StartAndRunAsync("loop");
        var afterTrigger = (await engine.Store.GetInstanceAsync(instance.Id, default))!;
        await engine.AdvanceAsync(TimeSpan.FromSeconds(2));

        // Poll 1 said Again: its completion (resolving a's intent A1) and a's second trigger (saving A2 under the same step) are two commits.
        Assert.Equal(["a:trigger1", "a:poll", "a:trigger2"], engine.Probe.Log);
        Assert.Equal(afterTrigger.Version + 2, (await engine.Store.GetInstanceAsync(instance.Id, default))!.Version);
        var open = Assert.Single(await engine.Store.GetOpenIntentsAsync(instance.Id, default));
        Assert.Equal(("a", "A2"), (open.StepId, System.Text.Json.Nodes.JsonNode.Parse(open.DataJson)!["ref"]!.GetValue<string>()));

        // Poll 2 said Done: held, and committed with b's completion; both of a's intents are resolved.
        await engine.AdvanceAsync(TimeSpan.FromSeconds(2));
        Assert.Equal(WorkflowStatus.Completed, (await engine.Store.GetInstanceAsync(instance.Id, default))!.Status);
        Assert.Equal(afterTrigger.Version + 3, (await engine.Store.GetInstanceAsync(instance.Id, default))!.Version);
        Assert.Empty(await engine.Store.GetOpenIntentsAsync(instance.Id, default));
    }

    [Fact]
    public async Task ACrashWhileTheNextStepRuns_LosesOnlyTheHeldCompletion_AndThePollIsSentAgain()
    {
        await using var engine = await EngineHarness.StartAsync(Horizon, PollThenTwo(readOnly: true));
        var instance = await engine.StartAndRunAsync("roc");
        await engine.AdvanceAsync(TimeSpan.FromSeconds(2));

        // While b runs with a's completion held, take the database as a crash would leave it (a consistent copy of what is committed).
        var crashed = Path.Combine(Path.GetDirectoryName(engine.DatabasePath)!, "crashed.db");
        engine.Probe.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        engine.Clock.Advance(TimeSpan.FromSeconds(2));
        var drain = engine.DrainAsync();
        await engine.Probe.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await using (var connection = new SqliteConnection($"Data Source={engine.DatabasePath};Pooling=False"))
        {
            await connection.OpenAsync();
            using var copy = connection.CreateCommand();
            copy.CommandText = $"VACUUM INTO '{crashed}'";
            await copy.ExecuteNonQueryAsync();
        }

        engine.Probe.Gate.SetResult();
        await drain;
        await engine.RestartAsync(() =>
        {
            SqliteConnection.ClearAllPools();
            foreach (var file in new[] { engine.DatabasePath, engine.DatabasePath + "-wal", engine.DatabasePath + "-shm" })
            {
                File.Delete(file);
            }

            File.Move(crashed, engine.DatabasePath);
            return Task.CompletedTask;
        });

        var stored = (await engine.Store.GetInstanceAsync(instance.Id, default))!;
        Assert.Equal((WorkflowStatus.Waiting, "a", null), (stored.Status, stored.CurrentStepId, stored.LeaseOwner));
        Assert.DoesNotContain((await engine.Client.ReadJournalAsync(instance.Id, 0, 1000)).Items, e => e is { Kind: JournalKinds.StepCompleted, StepId: "a" });

        // The stored timer is due: the poll is sent again (the probe numbers on from 3), and the journey goes on from there.
        await engine.DrainAsync();
        Assert.Equal(["trigger", "poll1", "poll2", "b:", "c:", "poll3", "b:", "c:"], engine.Probe.Log);
        Assert.Equal(WorkflowStatus.Completed, (await engine.Client.GetInstanceAsync(instance.Id)).Status);
    }
    /// <summary>
    /// A node stopped gracefully while the next step runs with a poll's completion held: the step in flight finishes, and the held
    /// completion goes into the store with it (one commit, as when nothing stops), or, if the step's commit is not made, neither is,
    /// and the poll is sent again. Either way nothing of the journey is lost or done twice, and another start of the node finishes it.
    /// </summary>
    [Fact]
    public async Task ANodeStoppedGracefullyWhileTheNextStepRuns_CommitsTheHeldCompletionWithThatStep_AndTheJourneyFinishesAfterARestart()
    {
        await using var engine = await EngineHarness.StartAsync(Horizon, PollThenTwo(readOnly: true));
        using var stop = new CancellationTokenSource();
        await engine.Dispatcher.StartAsync(stop.Token);
        string id;
        long versionBeforeB;
        try
        {
            id = (await engine.Client.StartAsync("roc", null)).Id;
            await EngineHarness.WaitUntilAsync(() => engine.Dispatcher.ParkedCount == 1 && engine.Probe.Log.Count == 1);
            await engine.AdvanceHostedAsync(TimeSpan.FromSeconds(2));
            await EngineHarness.WaitUntilAsync(() => engine.Probe.Log.Count == 2 && engine.Dispatcher.ParkedCount == 1);

            // Poll 2 finds the operation done; step b runs with a's completion held, and the node is told to stop meanwhile.
            engine.Probe.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            versionBeforeB = (await engine.Store.GetInstanceAsync(id, default))!.Version;
            await engine.AdvanceHostedAsync(TimeSpan.FromSeconds(2));
            await engine.Probe.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            await stop.CancelAsync();
        }

        var stopping = engine.Dispatcher.StopAsync(CancellationToken.None);
        engine.Probe.Gate.SetResult();
        await stopping;

        var stored = (await engine.Store.GetInstanceAsync(id, default))!;
        var kinds = (await engine.Client.ReadJournalAsync(id, 0, 1000)).Items.Where(e => e.Kind == JournalKinds.StepCompleted).Select(e => e.StepId).ToList();
        Assert.Equal(["a", "b"], kinds);
        Assert.Equal((null, versionBeforeB + 1, WorkflowStatus.Running, "c"), (stored.LeaseOwner, stored.Version, stored.Status, stored.CurrentStepId));
        Assert.Equal(["trigger", "poll1", "poll2", "b:"], engine.Probe.Log);

        await engine.RestartAsync();
        await engine.DrainAsync();
        Assert.Equal(["trigger", "poll1", "poll2", "b:", "c:"], engine.Probe.Log);
        Assert.Equal(WorkflowStatus.Completed, (await engine.Client.GetInstanceAsync(id)).Status);
    }
}
