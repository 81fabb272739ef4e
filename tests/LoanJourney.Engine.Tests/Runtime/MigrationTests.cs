using System.Text.Json.Nodes;
using LoanJourney.Engine.Errors;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static LoanJourney.Engine.Tests.Support.Defs;

namespace LoanJourney.Engine.Tests.Runtime;

public sealed class MigrationTests
{
    // v1: a → wait (signal go) → poll (timer) → b → end. v2 renames "wait" to "approval", adds "added" after it and a variable.
    private static readonly string V1 = Workflow("mig", $$"""
        {{Step("a", "Test.Record", """{ "Done": "wait" }""", """{ "label": "one" }""")}},
        {{Step("wait", "Core.WaitForSignal", """{ "Received": "poll" }""", """{ "signal": "go" }""")}},
        {{Step("poll", "Test.Poll", """{ "Done": "b" }""")}},
        {{Step("b", "Test.Record", """{ "Done": "end" }""", """{ "label": "two" }""")}},
        {{Step("end", "Core.End", inputs: """{ "outcome": "Done" }""")}}
        """, variables: """{ "kept": 1 }""");

    private static readonly string V2 = Workflow("mig", $$"""
        {{Step("a", "Test.Record", """{ "Done": "approval" }""", """{ "label": "one" }""")}},
        {{Step("approval", "Core.WaitForSignal", """{ "Received": "added" }""", """{ "signal": "go" }""")}},
        {{Step("added", "Test.Record", """{ "Done": "poll" }""", """{ "label": "added" }""")}},
        {{Step("poll", "Test.Poll", """{ "Done": "b" }""")}},
        {{Step("b", "Test.Record", """{ "Done": "end" }""", """{ "label": "two-{{$vars.fresh}}" }""")}},
        {{Step("end", "Core.End", inputs: """{ "outcome": "Done" }""")}}
        """, version: 2, variables: """{ "kept": 1, "fresh": "new" }""");

    private static readonly Dictionary<string, string> Renamed = new(StringComparer.Ordinal) { ["wait"] = "approval" };

    [Fact]
    public async Task DryRun_NamesTheStepItWillWaitAt_OrWhyNot_AndWritesNothing()
    {
        await using var engine = await EngineHarness.StartAsync(V1, V2);
        var instance = await engine.StartAndRunAsync("mig", options: new StartOptions { Version = 1 });
        Assert.Equal(("wait", WorkflowStatus.Waiting), (instance.CurrentStepId, instance.Status));

        var unmapped = await engine.Client.MigrateAsync(instance.Id, new MigrationRequest { ToVersion = 2 });
        var mapped = await engine.Client.MigrateAsync(instance.Id, new MigrationRequest { ToVersion = 2, StepMap = Renamed });

        Assert.Equal((false, MigrationCodes.StepMissing), (unmapped.CanMigrate, unmapped.Code));
        Assert.Contains("Core.WaitForSignal", unmapped.Reason, StringComparison.Ordinal);
        Assert.Equal((true, false, "approval"), (mapped.CanMigrate, mapped.Migrated, mapped.TargetStepId));
        var after = await engine.Client.GetInstanceAsync(instance.Id);
        Assert.Equal((1, "wait"), (after.WorkflowVersion, after.CurrentStepId));
        Assert.DoesNotContain(JournalKinds.Migrated, await engine.JournalKindsAsync(instance.Id));
    }

    [Fact]
    public async Task Apply_MovesTheWaitingJourney_CompletedStepsAreNotRerun_TheAddedStepRuns_NewVariablesGetDefaults()
    {
        await using var engine = await EngineHarness.StartAsync(V1, V2);
        var instance = await engine.StartAndRunAsync("mig", options: new StartOptions { Version = 1 });

        var result = await engine.Client.MigrateAsync(instance.Id, new MigrationRequest { ToVersion = 2, FromVersion = 1, StepMap = Renamed, DryRun = false, By = "ops", Reason = "lender API change" });
        Assert.True(result.Migrated);
        var moved = await engine.Client.GetInstanceAsync(instance.Id);
        Assert.Equal((2, "approval", WorkflowStatus.Waiting), (moved.WorkflowVersion, moved.CurrentStepId, moved.Status));
        var bookmark = Assert.Single(moved.Bookmarks);
        Assert.Equal(("approval", "go"), (bookmark.StepId, bookmark.Name));
        Assert.Equal(1, moved.Variables["kept"]!.GetValue<int>());
        Assert.Equal("new", moved.Variables["fresh"]!.GetValue<string>());

        var journal = (await engine.Client.ReadJournalAsync(instance.Id, 0, 100)).Items;
        var entry = Assert.Single(journal, e => e.Kind == JournalKinds.Migrated);
        Assert.Equal((1, 2, "approval", "ops", "lender API change"), (entry.Data!["fromVersion"]!.GetValue<int>(), entry.Data["toVersion"]!.GetValue<int>(),
            entry.Data["stepMap"]!["wait"]!.GetValue<string>(), entry.Data["by"]!.GetValue<string>(), entry.Data["reason"]!.GetValue<string>()));

        await engine.Client.SignalAsync(instance.Id, "go", null);
        await engine.DrainAsync();
        for (var i = 0; i < 3; i++)
        {
            await engine.AdvanceAsync(TimeSpan.FromSeconds(30));
        }

        var done = await engine.Client.GetInstanceAsync(instance.Id);
        Assert.Equal(WorkflowStatus.Completed, done.Status);
        Assert.Equal(["a:one", "added:added", "trigger", "poll1", "poll2", "poll3", "b:two-new"], engine.Probe.Log);
    }

    [Fact]
    public async Task Apply_ATimerWait_KeepsItsDueTime_AndAppliedAgainSkipsIt()
    {
        await using var engine = await EngineHarness.StartAsync(V1, V2);
        var instance = await engine.StartAndRunAsync("mig", options: new StartOptions { Version = 1 });
        await engine.Client.SignalAsync(instance.Id, "go", null);
        await engine.DrainAsync();
        await engine.AdvanceAsync(TimeSpan.FromSeconds(10));
        var polling = await engine.Client.GetInstanceAsync(instance.Id);
        var due = Assert.Single(polling.Bookmarks).DueAt;

        var first = await engine.Client.MigrateAsync(instance.Id, new MigrationRequest { ToVersion = 2, FromVersion = 1, StepMap = Renamed, DryRun = false });
        var again = await engine.Client.MigrateAsync(instance.Id, new MigrationRequest { ToVersion = 2, FromVersion = 1, StepMap = Renamed, DryRun = false });

        Assert.True(first.Migrated);
        Assert.Equal((false, MigrationCodes.AlreadyOnVersion), (again.Migrated, again.Code));
        var moved = await engine.Client.GetInstanceAsync(instance.Id);
        Assert.Equal(("poll", due), (moved.Bookmarks.Single().StepId, moved.Bookmarks.Single().DueAt));
        await engine.AdvanceAsync(TimeSpan.FromSeconds(20));
        await engine.AdvanceAsync(TimeSpan.FromSeconds(30));
        await engine.AdvanceAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(WorkflowStatus.Completed, (await engine.Client.GetInstanceAsync(instance.Id)).Status);

        // The added step sits before the poll: a journey already past it does not run it; completed steps are not re-run.
        Assert.Equal(["a:one", "trigger", "poll1", "poll2", "poll3", "b:two-new"], engine.Probe.Log);
    }

    /// <summary>
    /// A journey polling a lender is parked on this node's short timer and keeps its lease between polls, for as long as it
    /// polls (hours for a KYC in manual review): a migration used to answer held_by_runner for ever. The node now gives the
    /// lease back for the change; the dry run says it can move and changes nothing, the apply moves it.
    /// </summary>
    [Fact]
    public async Task AJourneyParkedOnThisNodesPollTimer_CanMove_TheDryRunSaysSo_AndTheApplyMovesIt()
    {
        await using var engine = await EngineHarness.StartAsync(o => o.InMemoryTimerHorizon = TimeSpan.FromMinutes(1), V1, V2);
        var instance = await engine.StartAndRunAsync("mig", options: new StartOptions { Version = 1 });
        await engine.Client.SignalAsync(instance.Id, "go", null);
        await engine.DrainAsync();
        await engine.AdvanceAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(["a:one", "trigger", "poll1"], engine.Probe.Log);
        var polling = await engine.Store.GetInstanceAsync(instance.Id, default);
        Assert.Equal(("poll", "test-node", 1), (polling!.CurrentStepId, polling.LeaseOwner, engine.Dispatcher.ParkedCount));

        var dry = await engine.Client.MigrateAsync(instance.Id, new MigrationRequest { ToVersion = 2, FromVersion = 1, StepMap = Renamed });
        Assert.Equal((true, false, null), (dry.CanMigrate, dry.Migrated, dry.Code));
        Assert.Equal(("test-node", 1), ((await engine.Store.GetInstanceAsync(instance.Id, default))!.LeaseOwner, engine.Dispatcher.ParkedCount));

        var applied = await engine.Client.MigrateAsync(instance.Id, new MigrationRequest { ToVersion = 2, FromVersion = 1, StepMap = Renamed, DryRun = false, Reason = "lender API change" });

        Assert.True(applied.Migrated, applied.Reason);
        var moved = await engine.Store.GetInstanceAsync(instance.Id, default);
        Assert.Equal((2, "poll", null, 0), (moved!.WorkflowVersion, moved.CurrentStepId, moved.LeaseOwner, engine.Dispatcher.ParkedCount));
        for (var i = 0; i < 3; i++)
        {
            await engine.AdvanceAsync(TimeSpan.FromSeconds(30));
        }

        Assert.Equal(WorkflowStatus.Completed, (await engine.Client.GetInstanceAsync(instance.Id)).Status);
        Assert.Equal(["a:one", "trigger", "poll1", "poll2", "poll3", "b:two-new"], engine.Probe.Log);
    }

    /// <summary>
    /// The same journey when its poll timer has just fired: the run is out of the parked set, its lender call in flight, the
    /// lease still this node's. A migration then answered held_by_runner (tryout 8, a KYC poll); it now asks the run to give the
    /// lease back when it parks again, waits for that, and moves the journey.
    /// </summary>
    [Fact]
    public async Task AJourneyWhosePollIsInFlightOnThisNode_Moves_OnceThePollParksAgain()
    {
        await using var engine = await EngineHarness.StartAsync(o =>
        {
            o.InMemoryTimerHorizon = TimeSpan.FromMinutes(1);
            o.ReleaseWait = TimeSpan.FromMinutes(1); // the wait is on the wall clock: a loaded machine must not end it early
        }, V1, V2);
        var instance = await engine.StartAndRunAsync("mig", options: new StartOptions { Version = 1 });
        await engine.Client.SignalAsync(instance.Id, "go", null);
        await engine.DrainAsync();
        await engine.AdvanceAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(["a:one", "trigger", "poll1"], engine.Probe.Log);

        engine.Probe.PollGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        engine.Clock.Advance(TimeSpan.FromSeconds(30));
        var polling = engine.DrainAsync();
        await engine.Probe.PollEntered.Task;
        var inFlight = await engine.Store.GetInstanceAsync(instance.Id, default);
        Assert.Equal((WorkflowStatus.Waiting, "test-node", 0), (inFlight!.Status, inFlight.LeaseOwner, engine.Dispatcher.ParkedCount));

        var dry = await engine.Client.MigrateAsync(instance.Id, new MigrationRequest { ToVersion = 2, FromVersion = 1, StepMap = Renamed });
        Assert.Equal((true, null), (dry.CanMigrate, dry.Code));
        var applying = engine.Client.MigrateAsync(instance.Id, new MigrationRequest { ToVersion = 2, FromVersion = 1, StepMap = Renamed, DryRun = false, Reason = "lender API change" });
        Assert.False(applying.IsCompleted);
        engine.Probe.PollGate.SetResult();
        await polling;
        var applied = await applying;

        Assert.True(applied.Migrated, applied.Code + ": " + applied.Reason);
        engine.Probe.PollGate = null;
        var moved = await engine.Store.GetInstanceAsync(instance.Id, default);
        Assert.Equal((2, "poll", null, 0), (moved!.WorkflowVersion, moved.CurrentStepId, moved.LeaseOwner, engine.Dispatcher.ParkedCount));
        await engine.AdvanceAsync(TimeSpan.FromSeconds(30));
        await engine.AdvanceAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(WorkflowStatus.Completed, (await engine.Client.GetInstanceAsync(instance.Id)).Status);
        Assert.Equal(["a:one", "trigger", "poll1", "poll2", "poll3", "b:two-new"], engine.Probe.Log);
    }

    /// <summary>
    /// The journey parked on this node's poll timer when that poll falls due as the migration gives the lease back: the timer fires
    /// from the store, and the poll's commit lands between the migration's check and its commit (the hook runs the dispatcher
    /// there). The migration answered changed_meanwhile (the tryout: six journeys polling KYC, some of them each time); it now
    /// reads, checks and commits the journey again.
    /// </summary>
    [Fact]
    public async Task AJourneyWhosePollLandsBetweenTheCheckAndTheCommit_Moves_OnTheNextRead()
    {
        await using var engine = await EngineHarness.StartAsync(o => o.InMemoryTimerHorizon = TimeSpan.FromMinutes(1), StoreHook.Register, V1, V2);
        var hook = engine.Services.GetRequiredService<StoreHook>();
        var instance = await engine.StartAndRunAsync("mig", options: new StartOptions { Version = 1 });
        await engine.Client.SignalAsync(instance.Id, "go", null);
        await engine.DrainAsync();
        await engine.AdvanceAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(["a:one", "trigger", "poll1"], engine.Probe.Log);
        Assert.Equal(1, engine.Dispatcher.ParkedCount);
        engine.Clock.Advance(TimeSpan.FromSeconds(30)); // poll 2 due, not run yet
        hook.BeforeOperatorCommit = async _ =>
        {
            hook.BeforeOperatorCommit = null;
            await engine.DrainAsync();
        };

        var applied = await engine.Client.MigrateAsync(instance.Id, new MigrationRequest { ToVersion = 2, FromVersion = 1, StepMap = Renamed, DryRun = false, Reason = "lender API change" });

        Assert.True(applied.Migrated, applied.Code + ": " + applied.Reason);
        Assert.Equal(["a:one", "trigger", "poll1", "poll2"], engine.Probe.Log);
        Assert.Equal(2, hook.OperatorCommits);
        var moved = await engine.Store.GetInstanceAsync(instance.Id, default);
        Assert.Equal((2, "poll", null, 0), (moved!.WorkflowVersion, moved.CurrentStepId, moved.LeaseOwner, engine.Dispatcher.ParkedCount));
        await engine.AdvanceAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(WorkflowStatus.Completed, (await engine.Client.GetInstanceAsync(instance.Id)).Status);
        Assert.Equal(["a:one", "trigger", "poll1", "poll2", "poll3", "b:two-new"], engine.Probe.Log);
    }

    /// <summary>A journey that moves under every read (a stand-in: the hook bumps its version) is read a bounded number of times, then answers changed_meanwhile, unmoved.</summary>
    [Fact]
    public async Task AJourneyThatKeepsMoving_AnswersChangedMeanwhile_AfterThreeReads()
    {
        await using var engine = await EngineHarness.StartAsync(null, StoreHook.Register, V1, V2);
        var hook = engine.Services.GetRequiredService<StoreHook>();
        var instance = await engine.StartAndRunAsync("mig", options: new StartOptions { Version = 1 });
        hook.BeforeOperatorCommit = _ => MoveAsync(engine, instance.Id, "version = version + 1");

        var applied = await engine.Client.MigrateAsync(instance.Id, new MigrationRequest { ToVersion = 2, FromVersion = 1, StepMap = Renamed, DryRun = false, Reason = "lender API change" });

        Assert.Equal((false, false, MigrationCodes.ChangedMeanwhile), (applied.CanMigrate, applied.Migrated, applied.Code));
        Assert.Equal(3, hook.OperatorCommits);
        var unmoved = await engine.Store.GetInstanceAsync(instance.Id, default);
        Assert.Equal((1, "wait"), (unmoved!.WorkflowVersion, unmoved.CurrentStepId));
    }

    /// <summary>A runner that takes the journey between the check and the commit and still holds it: held_by_runner (send it again), not changed_meanwhile.</summary>
    [Fact]
    public async Task AJourneyARunnerTakesBetweenTheCheckAndTheCommit_AnswersHeldByRunner()
    {
        await using var engine = await EngineHarness.StartAsync(null, StoreHook.Register, V1, V2);
        var hook = engine.Services.GetRequiredService<StoreHook>();
        var instance = await engine.StartAndRunAsync("mig", options: new StartOptions { Version = 1 });
        hook.BeforeOperatorCommit = async _ =>
        {
            hook.BeforeOperatorCommit = null;
            var now = engine.Clock.GetUtcNow();
            Assert.NotNull(await engine.Store.TryClaimAsync(instance.Id, "other-node", now, now.AddMinutes(1), default));
        };

        var applied = await engine.Client.MigrateAsync(instance.Id, new MigrationRequest { ToVersion = 2, FromVersion = 1, StepMap = Renamed, DryRun = false, Reason = "lender API change" });

        Assert.Equal((false, MigrationCodes.HeldByRunner), (applied.Migrated, applied.Code));
        Assert.Contains("other-node", applied.Reason, StringComparison.Ordinal);
        Assert.Equal(1, (await engine.Store.GetInstanceAsync(instance.Id, default))!.WorkflowVersion);
    }

    // The tryout's journeys: a KYC status poll every 2 s that only reads (still in review), its polls left uncommitted in memory;
    // the fifth says done.
    private static string Kyc(int version) => Workflow("kyc", $$"""
        {{Step("kyc", "Test.ReadOnlyPoll", """{ "Done": "b" }""", """{ "every": "00:00:02", "polls": 5 }""")}},
        {{Step("b", "Test.Record", """{ "Done": "end" }""", $$"""{ "label": "v{{version}}" }""")}},
        {{Step("end", "Core.End", inputs: """{ "outcome": "Done" }""")}}
        """, start: "kyc", version: version);

    /// <summary>
    /// The tryout's bulk move (the server's request moves the matches one by one, as here): six journeys polling KYC, parked on this node
    /// with a poll not committed, while the node's dispatcher claims whatever is due before each move commits (the hook runs it there).
    /// Given back, each used to be due at once (its stored timer was its last committed poll's), was claimed and polled inside its own
    /// move, and answered changed_meanwhile, later held_by_runner; now each waits for its next poll, and all six move with no poll run.
    /// </summary>
    [Fact]
    public async Task SixJourneysPollingKyc_AllMoveInOneRequest_WhileTheDispatcherClaimsWhatIsDue()
    {
        await using var engine = await EngineHarness.StartAsync(o => o.InMemoryTimerHorizon = TimeSpan.FromMinutes(1), StoreHook.Register, Kyc(1), Kyc(2));
        var hook = engine.Services.GetRequiredService<StoreHook>();
        var ids = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            ids.Add((await engine.Client.StartAsync("kyc", null, new StartOptions { Version = 1 })).Id);
        }

        await engine.DrainAsync();
        await engine.AdvanceAsync(TimeSpan.FromSeconds(2));
        Assert.Equal((6, 12), (engine.Dispatcher.ParkedCount, engine.Probe.Log.Count)); // each triggered and polled once
        hook.BeforeOperatorCommit = async _ => await engine.DrainAsync();

        var results = new List<MigrationResult>();
        foreach (var id in ids)
        {
            results.Add(await engine.Client.MigrateAsync(id, new MigrationRequest { ToVersion = 2, FromVersion = 1, DryRun = false, Reason = "KYC review step" }));
        }

        Assert.All(results, r => Assert.True(r.Migrated, r.Code + ": " + r.Reason));
        Assert.Equal((6, 12), (hook.OperatorCommits, engine.Probe.Log.Count));
        hook.BeforeOperatorCommit = null;
        for (var i = 0; i < 4; i++)
        {
            await engine.AdvanceAsync(TimeSpan.FromSeconds(2));
        }

        foreach (var id in ids)
        {
            var done = await engine.Client.GetInstanceAsync(id);
            Assert.Equal((WorkflowStatus.Completed, 2), (done.Status, done.WorkflowVersion));
        }

        Assert.Equal(6, engine.Probe.Log.Count(e => e == "b:v2"));
    }

    // What only the engine does to a row, done behind its back (a stand-in for a runner's write that lands in the hook's window).
    private static async Task MoveAsync(EngineHarness engine, string instanceId, string set)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={engine.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        using var move = connection.CreateCommand();
        move.CommandText = $"UPDATE instances SET {set} WHERE id = '{instanceId}'";
        Assert.Equal(1, await move.ExecuteNonQueryAsync());
    }

    [Fact]
    public async Task AStepMappedToAnotherActivity_CannotMove_AndAMapToAMissingStepIsInvalid()
    {
        await using var engine = await EngineHarness.StartAsync(V1, V2);
        var instance = await engine.StartAndRunAsync("mig", options: new StartOptions { Version = 1 });

        var wrong = await engine.Client.MigrateAsync(instance.Id, new MigrationRequest { ToVersion = 2, StepMap = new Dictionary<string, string> { ["wait"] = "added" }, DryRun = false });
        var invalid = await Assert.ThrowsAsync<AlterationInvalidException>(() =>
            engine.Client.MigrateAsync(instance.Id, new MigrationRequest { ToVersion = 2, StepMap = new Dictionary<string, string> { ["wait"] = "nowhere" } }));

        Assert.Equal((false, false, MigrationCodes.ActivityChanged), (wrong.CanMigrate, wrong.Migrated, wrong.Code));
        Assert.Equal("stepMap.wait", invalid.Field);
        Assert.Equal(1, (await engine.Client.GetInstanceAsync(instance.Id)).WorkflowVersion);
    }

    // A once-only call sent and not settled (Test.Once: the intent saved, then the step faults): v2 changes its amount, v3
    // only renames the step, v4 does both.
    private static string Unsettled(int version, int amount, string payId = "pay") => Workflow("unsettled", $$"""
        {{Step(payId, "Test.Once", """{ "Done": "end" }""", $$"""{ "amount": {{amount}} }""", """, "retry": { "maxAttempts": 1 }""")}},
        {{Step("end", "Core.End", inputs: """{ "outcome": "Done" }""")}}
        """, version: version, start: payId);

    [Fact]
    public async Task AnUnsettledOnceOnlyCall_MovesOnlyToAStepWithTheSameInputs()
    {
        await using var engine = await EngineHarness.StartAsync(Unsettled(1, 100), Unsettled(2, 200), Unsettled(3, 100, "payOut"), Unsettled(4, 200, "payOut"));
        var instance = await engine.StartAndRunAsync("unsettled", options: new StartOptions { Version = 1 });
        Assert.Equal(WorkflowStatus.Faulted, instance.Status);
        var renamed = new Dictionary<string, string> { ["pay"] = "payOut" };

        var changed = await engine.Client.MigrateAsync(instance.Id, new MigrationRequest { ToVersion = 2, DryRun = false, Reason = "new amount" });
        var changedAndRenamed = await engine.Client.MigrateAsync(instance.Id, new MigrationRequest { ToVersion = 4, StepMap = renamed, DryRun = false, Reason = "new amount" });
        var same = await engine.Client.MigrateAsync(instance.Id, new MigrationRequest { ToVersion = 3, StepMap = renamed, DryRun = false, Reason = "renamed" });

        Assert.Equal((false, MigrationCodes.UnresolvedIntent), (changed.Migrated, changed.Code));
        Assert.Equal((false, MigrationCodes.UnresolvedIntent), (changedAndRenamed.Migrated, changedAndRenamed.Code));
        Assert.Contains("confirm-not-sent", changed.Reason, StringComparison.Ordinal);
        Assert.True(same.Migrated);
        Assert.Equal((3, "payOut"), ((await engine.Client.GetInstanceAsync(instance.Id)).WorkflowVersion, Assert.Single(await engine.Store.GetOpenIntentsAsync(instance.Id, default)).StepId));
        Assert.Equal(["send"], engine.Probe.Log);
    }

    // a → block (once-only, done) → otp (waits) → end; v2 renames block to reserve.
    private static string Blocked(int version, string blockId) => Workflow("blocked", $$"""
        {{Step("a", "Test.Record", $$"""{ "Done": "{{blockId}}" }""", """{ "label": "limit" }""")}},
        {{Step(blockId, "Test.Pay", """{ "Done": "otp" }""")}},
        {{Step("otp", "Core.WaitForSignal", """{ "Received": "end" }""", """{ "signal": "go" }""")}},
        {{Step("end", "Core.End", inputs: """{ "outcome": "Done" }""")}}
        """, version: version);

    [Fact]
    public async Task ACompletedOnceOnlyStepTheTargetRenamed_MustBeMapped_SoTheJourneyStillKnowsItIsDone()
    {
        await using var engine = await EngineHarness.StartAsync(Blocked(1, "block"), Blocked(2, "reserve"));
        var instance = await engine.StartAndRunAsync("blocked", options: new StartOptions { Version = 1 });
        Assert.Equal("otp", instance.CurrentStepId);

        var unmapped = await engine.Client.MigrateAsync(instance.Id, new MigrationRequest { ToVersion = 2, DryRun = true });
        var mapped = await engine.Client.MigrateAsync(instance.Id, new MigrationRequest
        {
            ToVersion = 2, DryRun = false, Reason = "renamed", StepMap = new Dictionary<string, string> { ["block"] = "reserve" },
        });

        Assert.Equal((false, MigrationCodes.OnceOnlyStepMissing), (unmapped.CanMigrate, unmapped.Code));
        Assert.Contains("'block' (Test.Pay)", unmapped.Reason, StringComparison.Ordinal);
        Assert.True(mapped.Migrated);
        var moved = await engine.Client.GetInstanceAsync(instance.Id);
        Assert.Contains(moved.Steps, e => e.StepId == "reserve" && e.Status == "Completed");
        await Assert.ThrowsAsync<InvalidInstanceStateException>(() => engine.Client.GoToStepAsync(instance.Id, "a", "ops", "recheck"));
    }

    [Fact]
    public async Task AWaitingStepWithOtherInputsOnTheTarget_MovesAsItWaits_TheDryRunSaysSo_AndAGoToMakesItWaitWithThem()
    {
        await using var engine = await EngineHarness.StartAsync(V1, V2.Replace("""{ "signal": "go" }""", """{ "signal": "approve" }""", StringComparison.Ordinal));
        var instance = await engine.StartAndRunAsync("mig", options: new StartOptions { Version = 1 });

        var dry = await engine.Client.MigrateAsync(instance.Id, new MigrationRequest { ToVersion = 2, StepMap = Renamed });
        var applied = await engine.Client.MigrateAsync(instance.Id, new MigrationRequest { ToVersion = 2, StepMap = Renamed, DryRun = false, Reason = "new signal" });

        Assert.Equal((true, null), (dry.CanMigrate, dry.Code));
        Assert.Contains("other inputs in version 2", dry.Reason, StringComparison.Ordinal);
        Assert.True(applied.Migrated);
        // The same finding, as data, is the applied move's record (session 52): its wait kept version 1's inputs.
        Assert.Equal(new MigrationStepChange("approval", InputsChanged: true, ActivityChanged: false, KeptInputsOf: 1), dry.StepChange);
        Assert.Equal(dry.StepChange, applied.StepChange);
        var record = (await engine.Client.ReadJournalAsync(instance.Id, 0, 1000)).Items.Single(e => e.Kind == JournalKinds.Migrated);
        Assert.Equal(1, record.Data!["stepChange"]!["keptInputsOf"]!.GetValue<int>());
        Assert.Equal("go", Assert.Single((await engine.Client.GetInstanceAsync(instance.Id)).Bookmarks).Name);
        await engine.Client.GoToStepAsync(instance.Id, "approval", "ops", "wait with the new inputs");
        await engine.DrainAsync();
        Assert.Equal("approve", Assert.Single((await engine.Client.GetInstanceAsync(instance.Id)).Bookmarks).Name);
    }

    [Fact]
    public async Task ACompletedJourney_CannotMove()
    {
        await using var engine = await EngineHarness.StartAsync(V1, V2);
        var instance = await engine.StartAndRunAsync("mig", options: new StartOptions { Version = 1 });
        await engine.Client.CancelAsync(instance.Id, "test");
        await engine.DrainAsync();

        var result = await engine.Client.MigrateAsync(instance.Id, new MigrationRequest { ToVersion = 2, StepMap = Renamed, DryRun = false });

        Assert.Equal((false, MigrationCodes.NotWaiting), (result.Migrated, result.Code));
        Assert.Equal(1, (await engine.Client.GetInstanceAsync(instance.Id)).WorkflowVersion);
    }
    /// <summary>
    /// Session 46's walk: a version that declares formats for its input (FinBox's <c>dob</c> as <c>YYYY-MM-DD</c>) took the
    /// journeys waiting on the version before it whatever they had started with, so a <c>dob</c> sent as a date-time went on to
    /// the lender on the new version. Such a journey is named with the field and the rule (never its value), and stays where it
    /// is, Waiting on its version, while the others move; the apply refuses it too, and faults nothing.
    /// </summary>
    [Fact]
    public async Task AJourneyWhoseStartInputTheTargetVersionRefuses_IsNamed_AndStaysOnItsVersion()
    {
        var dob = """[ { "name": "dob", "type": "String", "required": true } ]""";
        var dobAsDate = """[ { "name": "dob", "type": "String", "required": true, "format": "date" } ]""";
        await using var engine = await EngineHarness.StartAsync(V1.Replace("\"input\": []", $"\"input\": {dob}", StringComparison.Ordinal),
            V2.Replace("\"input\": []", $"\"input\": {dobAsDate}", StringComparison.Ordinal));
        var dateTime = await engine.StartAndRunAsync("mig", """{ "dob": "1990-05-14T00:00:00Z" }""", new StartOptions { Version = 1 });
        var date = await engine.StartAndRunAsync("mig", """{ "dob": "1990-05-14" }""", new StartOptions { Version = 1 });

        var dry = await engine.Client.MigrateAsync(dateTime.Id, new MigrationRequest { ToVersion = 2, StepMap = Renamed });
        var applied = await engine.Client.MigrateAsync(dateTime.Id, new MigrationRequest { ToVersion = 2, StepMap = Renamed, DryRun = false, Reason = "formats" });
        var other = await engine.Client.MigrateAsync(date.Id, new MigrationRequest { ToVersion = 2, StepMap = Renamed, DryRun = false, Reason = "formats" });

        Assert.Equal((false, MigrationCodes.InputInvalid), (dry.CanMigrate, dry.Code));
        Assert.Contains("'dob' must be", dry.Reason, StringComparison.Ordinal);
        Assert.Contains("format 'date'", dry.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("1990", dry.Reason, StringComparison.Ordinal);
        Assert.Contains("It stays on version 1 and finishes there", dry.Reason, StringComparison.Ordinal);
        Assert.Equal((false, MigrationCodes.InputInvalid), (applied.Migrated, applied.Code));
        Assert.True(other.Migrated);
        var stayed = await engine.Client.GetInstanceAsync(dateTime.Id);
        Assert.Equal((1, "wait", WorkflowStatus.Waiting), (stayed.WorkflowVersion, stayed.CurrentStepId, stayed.Status));
        Assert.DoesNotContain(JournalKinds.Migrated, await engine.JournalKindsAsync(dateTime.Id));

        // It finishes on its version.
        await engine.Client.SignalAsync(dateTime.Id, "go", null);
        await engine.DrainAsync();
        for (var i = 0; i < 3; i++)
        {
            await engine.AdvanceAsync(TimeSpan.FromSeconds(30));
        }

        var finished = await engine.Client.GetInstanceAsync(dateTime.Id);
        Assert.Equal((1, WorkflowStatus.Completed), (finished.WorkflowVersion, finished.Status));
    }

    // A journey Faulted at a step (its incident open) whose start input the target refuses stays too, and the reason does not
    // say it finishes there: it finishes only once its incident is handled on its version (session 46).
    private static string FaultsWithDob(int version, string dobField) => Workflow("faultdob", $$"""
        {{Step("f", "Test.Flaky", """{ "Done": "end" }""", """{ "failTimes": 9, "retryable": false }""", """, "retry": { "maxAttempts": 1 }""")}},
        {{Step("end", "Core.End", inputs: """{ "outcome": "Done" }""")}}
        """, version: version, start: "f", input: $"[ {dobField} ]");

    [Fact]
    public async Task AFaultedJourneyWhoseStartInputTheTargetVersionRefuses_IsToldItStaysFaulted_NotThatItFinishes()
    {
        await using var engine = await EngineHarness.StartAsync(
            FaultsWithDob(1, """{ "name": "dob", "type": "String", "required": true }"""),
            FaultsWithDob(2, """{ "name": "dob", "type": "String", "required": true, "format": "date" }"""));
        var faulted = await engine.StartAndRunAsync("faultdob", """{ "dob": "1990-05-14T00:00:00Z" }""", new StartOptions { Version = 1 });
        Assert.Equal(WorkflowStatus.Faulted, faulted.Status);

        var dry = await engine.Client.MigrateAsync(faulted.Id, new MigrationRequest { ToVersion = 2 });
        var applied = await engine.Client.MigrateAsync(faulted.Id, new MigrationRequest { ToVersion = 2, DryRun = false, Reason = "formats" });

        Assert.Equal((false, MigrationCodes.InputInvalid), (dry.CanMigrate, dry.Code));
        Assert.Equal((false, MigrationCodes.InputInvalid), (applied.Migrated, applied.Code));
        Assert.Contains("format 'date'", dry.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("1990", dry.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("finishes there", dry.Reason, StringComparison.Ordinal);
        Assert.Contains("It stays on version 1, Faulted with its incident open: retry, skip or cancel it there", dry.Reason, StringComparison.Ordinal);
        var stayed = await engine.Client.GetInstanceAsync(faulted.Id);
        Assert.Equal((1, "f", WorkflowStatus.Faulted), (stayed.WorkflowVersion, stayed.CurrentStepId, stayed.Status));
        Assert.DoesNotContain(JournalKinds.Migrated, await engine.JournalKindsAsync(faulted.Id));
    }

    // Session 52's read: a Faulted journey is not waiting, so the note that its step "keeps waiting as it was asked" was wrong for
    // it; its retry after the move runs the target's step with the target's inputs, which the note now says (and stepChange
    // keeps nothing: KeptInputsOf null).
    [Fact]
    public async Task AFaultedJourneyWhoseStepHasOtherInputsOnTheTarget_IsToldARetryRunsThem_AndItsRetryDoes()
    {
        await using var engine = await EngineHarness.StartAsync(
            FaultsWithDob(1, """{ "name": "dob", "type": "String" }"""),
            FaultsWithDob(2, """{ "name": "dob", "type": "String" }""").Replace("\"failTimes\": 9", "\"failTimes\": 0", StringComparison.Ordinal));
        var faulted = await engine.StartAndRunAsync("faultdob", """{ "dob": "1990-05-14" }""", new StartOptions { Version = 1 });
        Assert.Equal(WorkflowStatus.Faulted, faulted.Status);

        var dry = await engine.Client.MigrateAsync(faulted.Id, new MigrationRequest { ToVersion = 2 });
        var applied = await engine.Client.MigrateAsync(faulted.Id, new MigrationRequest { ToVersion = 2, DryRun = false, Reason = "no longer flaky" });

        Assert.Equal((true, null), (dry.CanMigrate, dry.Code));
        Assert.Equal("Step 'f' has other inputs in version 2; after the move, Retry runs it with them.", dry.Reason);
        Assert.Equal(new MigrationStepChange("f", InputsChanged: true, ActivityChanged: false, KeptInputsOf: null), dry.StepChange);
        Assert.True(applied.Migrated);
        await engine.Client.RetryIncidentAsync(faulted.Id, "ops", "moved to v2");
        await engine.DrainAsync();
        var finished = await engine.Client.GetInstanceAsync(faulted.Id);
        Assert.Equal((2, WorkflowStatus.Completed), (finished.WorkflowVersion, finished.Status));
    }
}
