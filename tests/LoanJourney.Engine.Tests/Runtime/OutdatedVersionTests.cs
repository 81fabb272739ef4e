using LoanJourney.Engine.Definitions;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Tests.Support;
using static LoanJourney.Engine.Tests.Support.Defs;

namespace LoanJourney.Engine.Tests.Runtime;

/// <summary>
/// A version published under an earlier build, before an activity it uses gained a required input (session 39's upgrade walk:
/// pay-later v1 of c9d6015 lacks CapitalFloat.CancelBlock's <c>amount</c>). It was valid when published and journeys wait on
/// it; it used to be unloadable here, so every read of such a journey, its migrate and its runner failed with a 500 or an
/// endless "runner failed unexpectedly" retry. It now loads, and the step that lacks the input stops with an incident that
/// says how to repair it.
/// </summary>
public sealed class OutdatedVersionTests
{
    // Version 1 as the earlier build published it: Test.Flaky's failTimes (required today) not given.
    private static readonly string Published = Workflow("outdated", $$"""
        {{Step("a", "Test.Record", """{ "Done": "wait" }""", """{ "label": "one" }""")}},
        {{Step("wait", "Core.WaitForSignal", """{ "Received": "f" }""", """{ "signal": "go" }""")}},
        {{Step("f", "Test.Flaky", """{ "Done": "end" }""")}},
        {{Step("end", "Core.End", inputs: """{ "outcome": "Done" }""")}}
        """);

    private static readonly string Fixed = Workflow("outdated", $$"""
        {{Step("a", "Test.Record", """{ "Done": "wait" }""", """{ "label": "one" }""")}},
        {{Step("wait", "Core.WaitForSignal", """{ "Received": "f" }""", """{ "signal": "go" }""")}},
        {{Step("f", "Test.Flaky", """{ "Done": "end" }""", """{ "failTimes": 0 }""")}},
        {{Step("end", "Core.End", inputs: """{ "outcome": "Done" }""")}}
        """, version: 2);

    private static async Task<EngineHarness> StartWithOutdatedVersionAsync()
    {
        var engine = await EngineHarness.StartAsync(Fixed);
        var (_, normalized) = DefinitionJson.Parse(Published);
        await engine.Store.SaveDefinitionAsync("outdated", 1, DefinitionJson.Hash(normalized), normalized, EngineHarness.Start, default);
        return engine;
    }

    [Fact]
    public async Task AVersionPublishedBeforeAnInputWasRequired_Loads_AndNamesWhatItLacks()
    {
        await using var engine = await StartWithOutdatedVersionAsync();

        var workflow = await engine.Catalog.GetAsync("outdated", 1);

        var outdated = Assert.Single(workflow.Outdated);
        Assert.Equal(("f", DefinitionErrorCode.MissingRequiredInput), (outdated.StepId, outdated.Code));
        Assert.Contains("failTimes", outdated.Message, StringComparison.Ordinal);
        Assert.Empty((await engine.Catalog.GetAsync("outdated", 2)).Outdated);
    }

    [Fact]
    public async Task AJourneyOnIt_RunsUntilThatStep_StopsWithAnIncidentThatSaysHowToRepair_AndAMoveAndRetryFinishIt()
    {
        await using var engine = await StartWithOutdatedVersionAsync();
        var instance = await engine.StartAndRunAsync("outdated", options: new StartOptions { Version = 1 });
        Assert.Equal(("wait", WorkflowStatus.Waiting), (instance.CurrentStepId, instance.Status));

        await engine.Client.SignalAsync(instance.Id, "go", null);
        await engine.DrainAsync();

        var stopped = await engine.Client.GetInstanceAsync(instance.Id);
        Assert.Equal(("f", WorkflowStatus.Faulted), (stopped.CurrentStepId, stopped.Status));
        Assert.Equal("InvalidInput", stopped.Incident!.ErrorKind);
        Assert.Contains("Version 1 of outdated was published before Test.Flaky required 'failTimes'", stopped.Incident.Message, StringComparison.Ordinal);

        var moved = await engine.Client.MigrateAsync(instance.Id, new MigrationRequest { ToVersion = 2, DryRun = false, Reason = "v1 lacks failTimes" });
        Assert.True(moved.Migrated, moved.Reason);
        await engine.Client.RetryIncidentAsync(instance.Id, "ops", "after the move");
        await engine.DrainAsync();

        var done = await engine.Client.GetInstanceAsync(instance.Id);
        Assert.Equal((WorkflowStatus.Completed, "Done", 2), (done.Status, done.Outcome, done.WorkflowVersion));
    }

    // Version 1 as published before this build dropped its activity: step 'f' ran Test.Gone, which version 2 replaced by Test.Flaky.
    private static async Task<EngineHarness> StartWithUnloadableVersionAsync()
    {
        var engine = await EngineHarness.StartAsync(Fixed);
        var (_, normalized) = DefinitionJson.Parse(Published.Replace("Test.Flaky", "Test.Gone", StringComparison.Ordinal));
        await engine.Store.SaveDefinitionAsync("outdated", 1, DefinitionJson.Hash(normalized), normalized, EngineHarness.Start, default);
        return engine;
    }

    private static async Task StoreJourneyAsync(EngineHarness engine, string id, WorkflowStatus status, string step)
    {
        var now = engine.Clock.GetUtcNow();
        await engine.Store.CreateInstanceAsync(new LoanJourney.Engine.Storage.InstanceRecord
        {
            Id = id, WorkflowId = "outdated", WorkflowVersion = 1, Status = status, InputJson = "{}", VariablesJson = "{}",
            OutputsJson = "{}", HistoryJson = "[]", CurrentStepId = step, ReadyAt = status == WorkflowStatus.Running ? now : null, CreatedAt = now, UpdatedAt = now,
        }, new LoanJourney.Engine.Storage.JournalRecord(0, id, now, JournalKinds.InstanceStarted, null, null, null), default);
    }

    // Its journeys could only wait for a build with the activity back (the migrate answered version_unloadable): they now move
    // to a version that loads, and Retry runs them on it.
    [Fact]
    public async Task AJourneyFaultedOnAVersionThatDoesNotLoad_MovesToOneThatDoes_AndRetryFinishesIt()
    {
        await using var engine = await StartWithUnloadableVersionAsync();
        await StoreJourneyAsync(engine, "stranded", WorkflowStatus.Running, "a");
        await engine.DrainAsync();
        Assert.Equal("VersionUnloadable", (await engine.Client.GetInstanceAsync("stranded")).Incident!.ErrorKind);

        var moved = await engine.Client.MigrateAsync("stranded", new MigrationRequest { ToVersion = 2, DryRun = false, Reason = "Test.Gone was removed" });
        Assert.True(moved.Migrated, moved.Reason);
        await engine.Client.RetryIncidentAsync("stranded", "ops", "after the move");
        await engine.DrainAsync();
        await engine.Client.SignalAsync("stranded", "go", null);
        await engine.DrainAsync();

        var done = await engine.Client.GetInstanceAsync("stranded");
        Assert.Equal((WorkflowStatus.Completed, "Done", 2), (done.Status, done.Outcome, done.WorkflowVersion));
    }

    // Faulted at the very step whose activity is gone: the step runs again from its start on Retry, so it may move to the step
    // of the activity that replaced it, and the dry run says so.
    [Fact]
    public async Task AJourneyFaultedAtTheStepWhoseActivityIsGone_MovesToTheStepThatReplacedIt()
    {
        await using var engine = await StartWithUnloadableVersionAsync();
        await StoreJourneyAsync(engine, "at-f", WorkflowStatus.Running, "f");
        await engine.DrainAsync();

        var check = await engine.Client.MigrateAsync("at-f", new MigrationRequest { ToVersion = 2 });
        Assert.True(check.CanMigrate, check.Reason);
        Assert.Equal("Step 'f' ran Test.Gone, which this build does not have; after the move, Retry runs step 'f' (Test.Flaky) of version 2 from its start.", check.Reason);

        Assert.True((await engine.Client.MigrateAsync("at-f", new MigrationRequest { ToVersion = 2, DryRun = false, Reason = "Test.Gone was removed" })).Migrated);
        await engine.Client.RetryIncidentAsync("at-f", "ops", "after the move");
        await engine.DrainAsync();
        Assert.Equal(WorkflowStatus.Completed, (await engine.Client.GetInstanceAsync("at-f")).Status);
    }

    // Waiting at it, the journey keeps the wait only the gone activity knows: it is not moved to another activity's step.
    [Fact]
    public async Task AJourneyWaitingAtTheStepWhoseActivityIsGone_IsNotMovedToAnotherActivity_AndTheReasonSaysWhatToDo()
    {
        await using var engine = await StartWithUnloadableVersionAsync();
        await StoreJourneyAsync(engine, "waiting-f", WorkflowStatus.Waiting, "f");

        var check = await engine.Client.MigrateAsync("waiting-f", new MigrationRequest { ToVersion = 2 });
        Assert.False(check.CanMigrate);
        Assert.Equal(MigrationCodes.ActivityChanged, check.Code);
        Assert.StartsWith("Step 'f' runs Test.Gone, which this build does not have, and it is waiting as Test.Gone asked", check.Reason, StringComparison.Ordinal);
    }

    // A mistake that was never valid (an unknown activity) still makes a stored version unloadable.
    [Fact]
    public async Task AnUnknownActivityStillMakesAStoredVersionUnloadable()
    {
        await using var engine = await EngineHarness.StartAsync(Fixed);
        var (_, normalized) = DefinitionJson.Parse(Published.Replace("Test.Flaky", "Test.Gone", StringComparison.Ordinal));
        await engine.Store.SaveDefinitionAsync("outdated", 1, DefinitionJson.Hash(normalized), normalized, EngineHarness.Start, default);

        var error = await Assert.ThrowsAsync<LoanJourney.Engine.Errors.DefinitionLoadException>(() => engine.Catalog.GetAsync("outdated", 1));
        Assert.Contains(error.Errors, e => e.Code == DefinitionErrorCode.UnknownActivity);
    }

    // Its journeys used to be claimed, fail and be deferred every 5 s forever (an Error each time, nothing in the Studio). The
    // runner now faults such a journey with a VersionUnloadable incident that names the problem, once.
    [Fact]
    public async Task AJourneyOnAVersionThatDoesNotLoad_IsFaultedWithAnIncidentSayingWhy_NotRetriedForever()
    {
        await using var engine = await EngineHarness.StartAsync(Fixed);
        var (_, normalized) = DefinitionJson.Parse(Published.Replace("Test.Flaky", "Test.Gone", StringComparison.Ordinal));
        await engine.Store.SaveDefinitionAsync("outdated", 1, DefinitionJson.Hash(normalized), normalized, EngineHarness.Start, default);
        var now = engine.Clock.GetUtcNow();
        await engine.Store.CreateInstanceAsync(new LoanJourney.Engine.Storage.InstanceRecord
        {
            Id = "stranded", WorkflowId = "outdated", WorkflowVersion = 1, Status = WorkflowStatus.Running, InputJson = "{}", VariablesJson = "{}",
            OutputsJson = "{}", HistoryJson = "[]", CurrentStepId = "a", ReadyAt = now, CreatedAt = now, UpdatedAt = now,
        }, new LoanJourney.Engine.Storage.JournalRecord(0, "stranded", now, JournalKinds.InstanceStarted, null, null, null), default);

        await engine.DrainAsync();
        await engine.AdvanceAsync(TimeSpan.FromSeconds(30));
        await engine.DrainAsync();

        var faulted = await engine.Store.GetInstanceAsync("stranded", default);
        Assert.Equal((WorkflowStatus.Faulted, null, null), (faulted!.Status, faulted.ReadyAt, faulted.LeaseOwner));
        var incident = (await engine.Client.GetInstanceAsync("stranded")).Incident!;
        Assert.Equal("VersionUnloadable", incident.ErrorKind);
        Assert.Equal("Version 1 of outdated does not load in this build: step 'f': Activity type 'Test.Gone' is not registered. Run a build that has what it needs, then retry.",
            incident.Message);
    }
}
