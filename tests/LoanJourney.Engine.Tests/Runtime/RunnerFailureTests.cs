using LoanJourney.Engine.Model;
using LoanJourney.Engine.Runtime;
using LoanJourney.Engine.Tests.Support;
using Microsoft.Data.Sqlite;
using static LoanJourney.Engine.Tests.Support.Defs;

namespace LoanJourney.Engine.Tests.Runtime;

/// <summary>
/// A journey whose run fails for a lasting reason outside its activity (session 51: PostgreSQL refused the step's commit, 22021)
/// was given back for <see cref="EngineOptions.RunnerFailureBackoff"/> and run again, its lender call sent again, every 5 s for
/// ever, Running with no incident. Now the back-off doubles with each consecutive failure, and at
/// <see cref="EngineOptions.RunnerFailureLimit"/> the journey is faulted with a <c>RunnerFailing</c> incident for an operator.
/// The lasting failure is real: a trigger on the SQLite file refuses the step's commit, as a database refuses a row.
/// </summary>
public sealed class RunnerFailureTests
{
    private static readonly string TwoSteps = Workflow("poison", $$"""
        {{Step("a", "Test.Record", """{ "Done": "b" }""", """{ "label": "one" }""")}},
        {{Step("b", "Test.Record", """{ "Done": "end" }""", """{ "label": "two" }""")}},
        {{Step("end", "Core.End", inputs: """{ "outcome": "Done" }""")}}
        """);

    // 5 s, doubled per consecutive failure, at most 5 min: the back-off after the 1st to the 7th failure.
    private static readonly int[] BackoffSeconds = [5, 10, 20, 40, 80, 160, 300];

    [Fact]
    public async Task AStepWhoseCommitFailsForGood_RunsWithAGrowingBackoff_ThenIsFaultedForAnOperator_AfterTheLimit_NotAgain()
    {
        await using var engine = await EngineHarness.StartAsync(TwoSteps);
        Assert.Equal(8, new EngineOptions().RunnerFailureLimit);
        Poison(engine, "a");
        var instance = await engine.Client.StartAsync("poison", null);

        for (var failure = 1; failure < 8; failure++)
        {
            await FailOnceAsync(engine);
            Assert.Equal(failure, StepRuns(engine, "a:one"));
            var row = (await engine.Store.GetInstanceAsync(instance.Id, default))!;
            Assert.Equal((WorkflowStatus.Running, (DateTimeOffset?)engine.Clock.GetUtcNow() + TimeSpan.FromSeconds(BackoffSeconds[failure - 1])),
                (row.Status, row.ReadyAt));

            // Not run before its back-off is over, run again when it is.
            engine.Clock.Advance(TimeSpan.FromSeconds(BackoffSeconds[failure - 1]) - TimeSpan.FromMilliseconds(1));
            Assert.Equal(0, await engine.DrainAsync());
            engine.Clock.Advance(TimeSpan.FromMilliseconds(1));
        }

        await FailOnceAsync(engine);

        var faulted = await engine.Client.GetInstanceAsync(instance.Id);
        Assert.Equal((WorkflowStatus.Faulted, "a"), (faulted.Status, faulted.CurrentStepId));
        Assert.Equal(WorkflowRunner.RunnerFailing, faulted.Incident!.ErrorKind);
        Assert.Equal("The journey's run failed 8 times in a row outside its activity (last: SqliteException, SQLite error 19), so the engine " +
            "stopped running its step again. Fix the cause (the node's log has the error, event 3022), then retry.", faulted.Incident.Message);
        Assert.Equal(8, StepRuns(engine, "a:one"));

        // Faulted, it waits for the operator: an hour later it has not run again.
        await engine.AdvanceAsync(TimeSpan.FromHours(1));
        Assert.Equal(8, StepRuns(engine, "a:one"));

        // The cause fixed, the operator's retry finishes it.
        Cure(engine);
        await engine.Client.RetryIncidentAsync(instance.Id, "ops", "trigger removed");
        await engine.DrainAsync();
        Assert.Equal(WorkflowStatus.Completed, (await engine.Client.GetInstanceAsync(instance.Id)).Status);
        Assert.Equal(9, StepRuns(engine, "a:one"));
    }

    [Fact]
    public async Task ASuccessfulCommitInBetween_StartsTheCountAndTheBackoffAgain()
    {
        await using var engine = await EngineHarness.StartAsync(TwoSteps);
        Poison(engine, "a");
        var instance = await engine.Client.StartAsync("poison", null);
        for (var failure = 1; failure <= 3; failure++)
        {
            await FailOnceAsync(engine);
            engine.Clock.Advance(TimeSpan.FromSeconds(BackoffSeconds[failure - 1]));
        }

        // Step a's commit goes through now; step b's, in the same run, is refused: its first failure, 5 s again (not 40 s).
        Poison(engine, "b");
        await FailOnceAsync(engine);
        var row = (await engine.Store.GetInstanceAsync(instance.Id, default))!;
        Assert.Equal(("b", (DateTimeOffset?)engine.Clock.GetUtcNow() + TimeSpan.FromSeconds(5)), (row.CurrentStepId, row.ReadyAt));

        // 3 + 5 = 8 failures in all, but only 5 since the last commit: still Running, backed off 80 s.
        for (var failure = 2; failure <= 5; failure++)
        {
            engine.Clock.Advance(TimeSpan.FromSeconds(BackoffSeconds[failure - 2]));
            await FailOnceAsync(engine);
        }

        row = (await engine.Store.GetInstanceAsync(instance.Id, default))!;
        Assert.Equal((WorkflowStatus.Running, (DateTimeOffset?)engine.Clock.GetUtcNow() + TimeSpan.FromSeconds(80)), (row.Status, row.ReadyAt));
        Assert.Equal((4, 5), (StepRuns(engine, "a:one"), StepRuns(engine, "b:two")));

        // The 8th consecutive failure of step b faults it.
        for (var failure = 6; failure <= 8; failure++)
        {
            engine.Clock.Advance(TimeSpan.FromSeconds(BackoffSeconds[failure - 2]));
            await FailOnceAsync(engine);
        }

        var faulted = await engine.Client.GetInstanceAsync(instance.Id);
        Assert.Equal((WorkflowStatus.Faulted, "b", WorkflowRunner.RunnerFailing), (faulted.Status, faulted.CurrentStepId, faulted.Incident?.ErrorKind));
        Assert.Equal(8, StepRuns(engine, "b:two"));
    }

    [Fact]
    public async Task AOnceOnlyCall_IsSentOnce_TheRunsAfterItReconcileFromItsIntent_UntilTheJourneyIsFaulted()
    {
        await using var engine = await EngineHarness.StartAsync(Workflow("poison-pay", $$"""
            {{Step("a", "Test.Once", """{ "Done": "end" }""")}},
            {{Step("end", "Core.End", inputs: """{ "outcome": "Done" }""")}}
            """));
        Poison(engine, "a");
        var instance = await engine.Client.StartAsync("poison-pay", null);

        for (var failure = 1; failure <= 8; failure++)
        {
            await FailOnceAsync(engine);
            engine.Clock.Advance(failure < 8 ? TimeSpan.FromSeconds(BackoffSeconds[failure - 1]) : TimeSpan.FromHours(1));
        }

        // Its first run sent the call and failed after it (its intent open, the step would fault for the operator); every run after
        // it found the intent and reconciled instead of sending again.
        Assert.Equal(0, await engine.DrainAsync());
        Assert.Equal(["send", .. Enumerable.Repeat("reconcile:R1", 7)], engine.Probe.Log);
        Assert.Equal(WorkflowRunner.RunnerFailing, (await engine.Client.GetInstanceAsync(instance.Id)).Incident?.ErrorKind);
    }

    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 10)]
    [InlineData(7, 300)]
    [InlineData(40, 300)]
    public void TheBackoff_Doubles_UpToFiveMinutes(int failures, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), WorkflowRunner.RunnerFailureBackoff(TimeSpan.FromSeconds(5), failures));

    [Fact]
    public void TheLimit_IsValidated() =>
        Assert.Contains("Engine:RunnerFailureLimit must be at least 1 (consecutive runner failures before a journey is faulted for an operator), not 0.",
            new EngineOptions { RunnerFailureLimit = 0 }.Problems());

    // One claim whose run fails: the store's refusal reaches the drain (the dispatcher logs it).
    private static async Task FailOnceAsync(EngineHarness engine) =>
        await Assert.ThrowsAsync<SqliteException>(engine.DrainAsync);

    private static int StepRuns(EngineHarness engine, string execution) => engine.Probe.Log.Count(e => e == execution);

    // The journey's step commits at `step` refused by the database, for good: every change of the row there that writes its step
    // history, as each step commit does (completed, retrying or faulted); a claim, a back-off and the fault for the operator,
    // which do not, still go through.
    private static void Poison(EngineHarness engine, string step) => Execute(engine,
        "DROP TRIGGER IF EXISTS poison; " +
        "CREATE TRIGGER poison BEFORE UPDATE ON instances " +
        $"WHEN OLD.current_step = '{step}' AND NEW.history_json IS NOT OLD.history_json " +
        "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END");

    private static void Cure(EngineHarness engine) => Execute(engine, "DROP TRIGGER poison");

    private static void Execute(EngineHarness engine, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={engine.DatabasePath};Pooling=False;Default Timeout=30");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
