using System.Text.Json.Nodes;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Runtime;
using LoanJourney.Engine.Tests.Support;
using static LoanJourney.Engine.Tests.Support.Defs;

namespace LoanJourney.Engine.Tests.Runtime;

/// <summary>
/// Read-only polls (<c>ActivityResult.SuspendReadOnly</c>: the lender still processing) parked in memory are not committed on their
/// own: their journal entries ride with the instance's next commit, within <c>EngineOptions.ReadOnlyPollJournalDelay</c> of the last
/// one and well inside the lease committed last. The instance's version counts its commits, so these are regression guards (not
/// timed) for the commits a poll costs, and for the journal keeping every poll all the same.
/// </summary>
public sealed class ReadOnlyPollTests
{
    private static string Polls(string inputs = """{ "every": "00:00:02", "polls": 4 }""") =>
        Workflow("rop", $"""{Step("a", "Test.ReadOnlyPoll", """{ "Done": "b" }""", inputs)}, {Step("b", "Test.Record")}""");

    private static void Horizon(EngineOptions o) => o.InMemoryTimerHorizon = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task PollsWithinTheDelay_RideWithTheStepsCompletion_AndTheJournalKeepsEveryPollInOrder()
    {
        await using var engine = await EngineHarness.StartAsync(Horizon, Polls());
        var instance = await engine.StartAndRunAsync("rop");
        var afterTrigger = await engine.Store.GetInstanceAsync(instance.Id, default);

        // Polls 1-3 (at 2, 4 and 6 s) each wait for the next one, due within 10 s of the trigger's commit: nothing is committed.
        for (var i = 0; i < 3; i++)
        {
            await engine.AdvanceAsync(TimeSpan.FromSeconds(2));
            var stored = await engine.Store.GetInstanceAsync(instance.Id, default);
            Assert.Equal(afterTrigger!.Version, stored!.Version);
            Assert.DoesNotContain("Polled", await engine.JournalKindsAsync(instance.Id));
            Assert.Equal(1, engine.Dispatcher.ParkedCount);
        }

        await engine.AdvanceAsync(TimeSpan.FromSeconds(2));

        Assert.Equal(["trigger", "poll1", "poll2", "poll3", "poll4", "b:"], engine.Probe.Log);
        var done = await engine.Store.GetInstanceAsync(instance.Id, default);
        Assert.Equal((WorkflowStatus.Completed, null), (done!.Status, done.LeaseOwner));
        Assert.Empty(await engine.Store.GetBookmarksAsync(instance.Id, default));
        var journal = (await engine.Client.ReadJournalAsync(instance.Id, 0, 1000)).Items;
        Assert.Equal([1, 2, 3, 4], journal.Where(e => e.Kind == "Polled").Select(e => e.Data!["poll"]!.GetValue<int>()));
        Assert.Equal(4, journal.Count(e => e.Kind == "StepResumed"));
        Assert.Equal(4, journal.Count(e => e.Kind == "StepSuspended"));
        Assert.Equal(journal.OrderBy(e => e.At).Select(e => e.Sequence), journal.Select(e => e.Sequence));

        // The same journey committing every poll: three commits more.
        await using var every = await EngineHarness.StartAsync(o => { Horizon(o); o.ReadOnlyPollJournalDelay = TimeSpan.Zero; }, Polls());
        var other = await every.StartAndRunAsync("rop");
        for (var i = 0; i < 4; i++)
        {
            await every.AdvanceAsync(TimeSpan.FromSeconds(2));
        }

        var committedEach = await every.Store.GetInstanceAsync(other.Id, default);
        Assert.Equal(WorkflowStatus.Completed, committedEach!.Status);
        Assert.Equal(done.Version + 3, committedEach.Version);
        Assert.Equal(journal.Select(e => e.Kind), (await every.Client.ReadJournalAsync(other.Id, 0, 1000)).Items.Select(e => e.Kind));
    }

    [Fact]
    public async Task PollsNotCommitted_AreJournaledOnce_WhenTheStepIsCommittedTogetherWithAPureStepAfterIt()
    {
        await using var engine = await EngineHarness.StartAsync(Horizon, Workflow("rope",
            $"""{Step("a", "Test.ReadOnlyPoll", """{ "Done": "end" }""", """{ "every": "00:00:02", "polls": 3 }""")}, {Step("end", "Core.End", inputs: """{ "outcome": "Disbursed" }""")}"""));
        var instance = await engine.StartAndRunAsync("rope");
        for (var i = 0; i < 3; i++)
        {
            await engine.AdvanceAsync(TimeSpan.FromSeconds(2));
        }

        var stored = await engine.Store.GetInstanceAsync(instance.Id, default);
        Assert.Equal((WorkflowStatus.Completed, "Disbursed", 3L), (stored!.Status, stored.Outcome, stored.Version));
        var journal = (await engine.Client.ReadJournalAsync(instance.Id, 0, 1000)).Items;
        Assert.Equal([1, 2, 3], journal.Where(e => e.Kind == "Polled").Select(e => e.Data!["poll"]!.GetValue<int>()));
        Assert.Equal(3, journal.Count(e => e.Kind == "StepResumed"));
    }

    [Fact]
    public async Task APollDueLaterThanTheDelayAfterTheLastCommit_IsCommitted_WithThePollsBeforeIt()
    {
        await using var engine = await EngineHarness.StartAsync(Horizon, Polls("""{ "every": "00:00:04", "polls": 6 }"""));
        var instance = await engine.StartAndRunAsync("rop");
        var version = (await engine.Store.GetInstanceAsync(instance.Id, default))!.Version;

        // Committed at 0 s; poll 1 at 4 s waits for 8 s (within 10 s): not committed. Poll 2 at 8 s waits for 12 s: committed, with poll 1.
        await engine.AdvanceAsync(TimeSpan.FromSeconds(4));
        Assert.Equal(version, (await engine.Store.GetInstanceAsync(instance.Id, default))!.Version);
        await engine.AdvanceAsync(TimeSpan.FromSeconds(4));
        Assert.Equal(version + 1, (await engine.Store.GetInstanceAsync(instance.Id, default))!.Version);
        Assert.Equal(2, (await engine.JournalKindsAsync(instance.Id)).Count(k => k == "Polled"));

        // From that commit at 8 s: poll 3 (12 s, next at 16 s) waits, poll 4 (16 s, next at 20 s) is committed, with poll 3.
        await engine.AdvanceAsync(TimeSpan.FromSeconds(4));
        Assert.Equal(version + 1, (await engine.Store.GetInstanceAsync(instance.Id, default))!.Version);
        await engine.AdvanceAsync(TimeSpan.FromSeconds(4));
        Assert.Equal(version + 2, (await engine.Store.GetInstanceAsync(instance.Id, default))!.Version);
        Assert.Equal(4, (await engine.JournalKindsAsync(instance.Id)).Count(k => k == "Polled"));
    }

    [Fact]
    public async Task TheLeaseCommittedLast_BoundsTheUncommittedPolls()
    {
        // A lease of 8 s: after the trigger's commit (lease until 2 + 8 = 10 s) a poll may wait uncommitted only while it is due by
        // 10 - 6 = 4 s: poll 1 (at 2 s, next at 4 s) waits, poll 2 (at 4 s, next at 6 s) is committed.
        await using var engine = await EngineHarness.StartAsync(o => { Horizon(o); o.LeaseDuration = TimeSpan.FromSeconds(8); }, Polls());
        var instance = await engine.StartAndRunAsync("rop");
        var version = (await engine.Store.GetInstanceAsync(instance.Id, default))!.Version;

        await engine.AdvanceAsync(TimeSpan.FromSeconds(2));
        Assert.Equal(version, (await engine.Store.GetInstanceAsync(instance.Id, default))!.Version);
        await engine.AdvanceAsync(TimeSpan.FromSeconds(2));
        var stored = await engine.Store.GetInstanceAsync(instance.Id, default);
        Assert.Equal(version + 1, stored!.Version);
        Assert.Equal(engine.Clock.GetUtcNow().AddSeconds(2 + 8), stored.LeaseExpiresAt);
    }

    [Fact]
    public async Task ASuspensionMarkedReadOnlyThatChangesTheStepState_IsCommittedEveryPoll()
    {
        await using var engine = await EngineHarness.StartAsync(Horizon, Polls("""{ "every": "00:00:02", "polls": 4, "changeState": true }"""));
        var instance = await engine.StartAndRunAsync("rop");
        var version = (await engine.Store.GetInstanceAsync(instance.Id, default))!.Version;

        for (var i = 1; i <= 3; i++)
        {
            await engine.AdvanceAsync(TimeSpan.FromSeconds(2));
            Assert.Equal(version + i, (await engine.Store.GetInstanceAsync(instance.Id, default))!.Version);
            Assert.Equal(i, (await engine.JournalKindsAsync(instance.Id)).Count(k => k == "Polled"));
        }
    }

    [Fact]
    public async Task ACrash_LosesOnlyThePollsNotCommitted_AndTheInstancePollsAgainFromItsLastCommit()
    {
        await using var engine = await EngineHarness.StartAsync(Horizon, Polls());
        var instance = await engine.StartAndRunAsync("rop");
        await engine.AdvanceAsync(TimeSpan.FromSeconds(2));
        await engine.AdvanceAsync(TimeSpan.FromSeconds(2));

        // The harness's restart drops the parked run as a crash would, and gives the node's leases back as a node starting does.
        await engine.RestartAsync();
        var stored = await engine.Store.GetInstanceAsync(instance.Id, default);
        Assert.Equal((WorkflowStatus.Waiting, null), (stored!.Status, stored.LeaseOwner));
        Assert.DoesNotContain("Polled", await engine.JournalKindsAsync(instance.Id));
        Assert.Single(await engine.Store.GetBookmarksAsync(instance.Id, default));

        // The stored timer (due at 2 s) fires at once; the probe, which outlived the restart, numbers the polls on from 3.
        await engine.DrainAsync();
        await engine.AdvanceAsync(TimeSpan.FromSeconds(2));

        Assert.Equal(["trigger", "poll1", "poll2", "poll3", "poll4", "b:"], engine.Probe.Log);
        var journal = (await engine.Client.ReadJournalAsync(instance.Id, 0, 1000)).Items;
        Assert.Equal([3, 4], journal.Where(e => e.Kind == "Polled").Select(e => e.Data!["poll"]!.GetValue<int>()));
        Assert.Equal(WorkflowStatus.Completed, (await engine.Client.GetInstanceAsync(instance.Id)).Status);
    }

    [Fact]
    public async Task ARowThatMovedUnderTheRun_GetsThePollsNotCommitted_BeforeItTakesAnotherPath()
    {
        await using var engine = await EngineHarness.StartAsync(Horizon, Polls());
        var instance = await engine.StartAndRunAsync("rop");
        for (var i = 0; i < 3; i++)
        {
            await engine.AdvanceAsync(TimeSpan.FromSeconds(2));
        }

        // Polls 1-3 wait for the next commit when the row moves on to a cancel (nothing in the engine moves a leased row's version:
        // a stand-in for what might). Poll 4's commit is stale; the run reloads, commits polls 1-3 on the fresh row first, and the
        // fresh row compensates instead of polling on.
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={engine.DatabasePath};Pooling=False"))
        {
            await connection.OpenAsync();
            using var move = connection.CreateCommand();
            move.CommandText = $"UPDATE instances SET version = version + 1, cancel_requested = 1 WHERE id = '{instance.Id}'";
            Assert.Equal(1, await move.ExecuteNonQueryAsync());
        }

        await engine.AdvanceAsync(TimeSpan.FromSeconds(2));

        Assert.Equal(["trigger", "poll1", "poll2", "poll3", "poll4"], engine.Probe.Log);
        var journal = (await engine.Client.ReadJournalAsync(instance.Id, 0, 1000)).Items;
        Assert.Equal([1, 2, 3], journal.Where(e => e.Kind == "Polled").Select(e => e.Data!["poll"]!.GetValue<int>()));
        Assert.Equal(WorkflowStatus.Cancelled, (await engine.Client.GetInstanceAsync(instance.Id)).Status);
    }

    [Fact]
    public async Task Cancel_WhileAPollIsNotCommitted_CommitsItFirst_ThenCancels()
    {
        await using var engine = await EngineHarness.StartAsync(Horizon, Polls());
        var instance = await engine.StartAndRunAsync("rop");
        await engine.AdvanceAsync(TimeSpan.FromSeconds(2));
        Assert.DoesNotContain("Polled", await engine.JournalKindsAsync(instance.Id));

        await engine.Client.CancelAsync(instance.Id, "borrower withdrew");
        await engine.DrainAsync();

        var cancelled = await engine.Store.GetInstanceAsync(instance.Id, default);
        Assert.Equal((WorkflowStatus.Cancelled, null), (cancelled!.Status, cancelled.LeaseOwner));
        Assert.Equal(0, engine.Dispatcher.ParkedCount);
        Assert.Equal(["trigger", "poll1"], engine.Probe.Log);
        var kinds = await engine.JournalKindsAsync(instance.Id);
        Assert.Contains("Polled", kinds);
        Assert.True(kinds.ToList().IndexOf("Polled") < kinds.ToList().LastIndexOf("InstanceCancelled"), string.Join(", ", kinds));
    }

    /// <summary>
    /// A parked run given back for an operator's change (here variables) with a poll not committed waits in the store for its next
    /// poll. The stored timer was the last committed poll's, already due: given back, the journey was claimed and polled at once, on a
    /// busy node inside the change itself, between its check and its commit (the tryout's bulk move answered changed_meanwhile).
    /// </summary>
    [Fact]
    public async Task AParkedRunGivenBackForAnOperatorsChange_WaitsInTheStoreForItsNextPoll()
    {
        await using var engine = await EngineHarness.StartAsync(Horizon,
            Workflow("rop", $"""{Step("a", "Test.ReadOnlyPoll", """{ "Done": "b" }""")}, {Step("b", "Test.Record")}""", variables: """{ "note": "" }"""));
        var instance = await engine.StartAndRunAsync("rop");
        await engine.AdvanceAsync(TimeSpan.FromSeconds(2));
        Assert.DoesNotContain("Polled", await engine.JournalKindsAsync(instance.Id));
        var nextPoll = engine.Clock.GetUtcNow().AddSeconds(2);

        await engine.Client.SetVariablesAsync(instance.Id, new JsonObject { ["note"] = "borrower called" }, "ops", "note from the call");

        var stored = await engine.Store.GetInstanceAsync(instance.Id, default);
        Assert.Equal((null, nextPoll), (stored!.LeaseOwner, stored.ReadyAt));
        Assert.Equal(nextPoll, Assert.Single(await engine.Store.GetBookmarksAsync(instance.Id, default)).DueAt);
        Assert.Contains("Polled", await engine.JournalKindsAsync(instance.Id));
        Assert.Equal(0, await engine.DrainAsync());
        Assert.Equal(["trigger", "poll1"], engine.Probe.Log);
        for (var i = 0; i < 3; i++)
        {
            await engine.AdvanceAsync(TimeSpan.FromSeconds(2));
        }

        Assert.Equal(["trigger", "poll1", "poll2", "poll3", "poll4", "b:"], engine.Probe.Log);
        Assert.Equal(WorkflowStatus.Completed, (await engine.Client.GetInstanceAsync(instance.Id)).Status);
    }

    [Fact]
    public async Task ANodeStopping_CommitsThePollsNotCommitted_AndGivesTheLeaseBack()
    {
        await using var engine = await EngineHarness.StartAsync(Horizon, Polls());
        using var stop = new CancellationTokenSource();
        await engine.Dispatcher.StartAsync(stop.Token);
        string id;
        long version;
        try
        {
            id = (await engine.Client.StartAsync("rop", null)).Id;
            await EngineHarness.WaitUntilAsync(() => engine.Dispatcher.ParkedCount == 1 && engine.Probe.Log.Count == 1);
            version = (await engine.Store.GetInstanceAsync(id, default))!.Version;
            await engine.AdvanceHostedAsync(TimeSpan.FromSeconds(2));
            await EngineHarness.WaitUntilAsync(() => engine.Probe.Log.Count == 2 && engine.Dispatcher.ParkedCount == 1);
            Assert.Equal(version, (await engine.Store.GetInstanceAsync(id, default))!.Version);
        }
        finally
        {
            await stop.CancelAsync();
            await engine.Dispatcher.StopAsync(CancellationToken.None);
        }

        var stored = await engine.Store.GetInstanceAsync(id, default);
        Assert.Equal((WorkflowStatus.Waiting, null, version + 1), (stored!.Status, stored.LeaseOwner, stored.Version));
        Assert.Contains("Polled", await engine.JournalKindsAsync(id));
        Assert.Equal(0, engine.Dispatcher.ParkedCount);
    }

    /// <summary>
    /// The hosted loop reads the clock, then arms a timer for the time left. ANodeStopping_* moved the clock as soon as the run
    /// showed parked, and once in ten CI runs that fell between the two: the timer was armed 2 s late on a clock that moved no
    /// more, and the parked poll never ran. Here the loop is held in that gap (it read 1 s, the poll is due at 2 s):
    /// <see cref="EngineHarness.AdvanceHostedAsync"/> moves the clock only once the loop has armed its wake-up, which then fires.
    /// </summary>
    [Fact]
    public async Task TheClockMovedWhileTheHostedLoopArmsItsWakeUp_WaitsForTheLoopToSleep_AndTheParkedPollRuns()
    {
        using var clock = new HoldingClock(EngineHarness.Start);
        await using var engine = await EngineHarness.StartAsync(clock, o =>
        {
            Horizon(o);
            o.MaxPollInterval = TimeSpan.FromMilliseconds(500); // the loop sleeps at most 0.5 s, so 1 s on the clock wakes it
        }, null, Polls());
        using var stop = new CancellationTokenSource();
        await engine.Dispatcher.StartAsync(stop.Token);
        try
        {
            await engine.Client.StartAsync("rop", null);
            await EngineHarness.WaitUntilAsync(() => engine.Dispatcher.ParkedCount == 1 && engine.Probe.Log.Count == 1 && engine.Dispatcher.IsAsleep);

            var held = clock.HoldNextTimer();
            clock.Advance(TimeSpan.FromSeconds(1)); // poll 1 not due yet: the loop wakes, reads 1 s and arms its wake-up (held)
            await held;
            var advancing = engine.AdvanceHostedAsync(TimeSpan.FromSeconds(1));
            clock.Release();
            await advancing;

            await EngineHarness.WaitUntilAsync(() => engine.Probe.Log.Count == 2 && engine.Dispatcher.ParkedCount == 1);
            Assert.Equal(["trigger", "poll1"], engine.Probe.Log);
        }
        finally
        {
            clock.Release();
            await stop.CancelAsync();
            await engine.Dispatcher.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task ARunResumedTooLate_CommitsThePollsNotCommitted_AndIsClaimedAgain()
    {
        // A lease of 40 s: poll 1 (at 2 s, next due at 4 s) may wait uncommitted (4 <= 2 + 40 - 30). Resumed at 32 s, less than half
        // of the lease committed last (until 42 s) is left: the dispatcher gives it back, with the poll, and claims it afresh.
        await using var engine = await EngineHarness.StartAsync(o => { Horizon(o); o.LeaseDuration = TimeSpan.FromSeconds(40); }, Polls());
        var instance = await engine.StartAndRunAsync("rop");
        await engine.AdvanceAsync(TimeSpan.FromSeconds(2));
        Assert.DoesNotContain("Polled", await engine.JournalKindsAsync(instance.Id));

        await engine.AdvanceAsync(TimeSpan.FromSeconds(30));
        await engine.AdvanceAsync(TimeSpan.FromSeconds(2));
        await engine.AdvanceAsync(TimeSpan.FromSeconds(2));

        Assert.Equal(["trigger", "poll1", "poll2", "poll3", "poll4", "b:"], engine.Probe.Log);
        var journal = (await engine.Client.ReadJournalAsync(instance.Id, 0, 1000)).Items;
        Assert.Equal([1, 2, 3, 4], journal.Where(e => e.Kind == "Polled").Select(e => e.Data!["poll"]!.GetValue<int>()));
        Assert.Equal(WorkflowStatus.Completed, (await engine.Client.GetInstanceAsync(instance.Id)).Status);
    }
}
