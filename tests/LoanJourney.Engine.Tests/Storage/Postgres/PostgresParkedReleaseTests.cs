using System.Text.Json.Nodes;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using static LoanJourney.Engine.Tests.Support.Defs;

namespace LoanJourney.Engine.Tests.Storage.Postgres;

/// <summary>
/// An operator's change received by one node for a journey another node keeps parked on its poll timer (the lease kept
/// between polls, for as long as the lender says "processing"): the receiving node asks the other over NOTIFY to give the
/// lease back, and the change applies. Before, it answered held_by_runner until the request happened to reach the owner.
/// </summary>
[Collection(PostgresGroup.Name)]
public sealed class PostgresParkedReleaseTests(PostgresServer server) : PostgresNodeTests(server)
{
    private readonly FakeTimeProvider _clock = new(EngineHarness.Start);

    // v1: a → wait (signal go) → poll (a 30 s timer, three polls) → b → end; v2 renames "wait" and adds a variable.
    protected override IEnumerable<(string File, string Json)> Workflows() =>
    [
        ("mig-v1.json", Workflow("mig", $$"""
            {{Step("a", "Test.Record", """{ "Done": "wait" }""", """{ "label": "one" }""")}},
            {{Step("wait", "Core.WaitForSignal", """{ "Received": "poll" }""", """{ "signal": "go" }""")}},
            {{Step("poll", "Test.Poll", """{ "Done": "b" }""")}},
            {{Step("b", "Test.Record", """{ "Done": "end" }""", """{ "label": "two" }""")}},
            {{Step("end", "Core.End", inputs: """{ "outcome": "Done" }""")}}
            """, variables: """{ "kept": 1 }""")),
        ("mig-v2.json", Workflow("mig", $$"""
            {{Step("a", "Test.Record", """{ "Done": "approval" }""", """{ "label": "one" }""")}},
            {{Step("approval", "Core.WaitForSignal", """{ "Received": "poll" }""", """{ "signal": "go" }""")}},
            {{Step("poll", "Test.Poll", """{ "Done": "b" }""")}},
            {{Step("b", "Test.Record", """{ "Done": "end" }""", """{ "label": "two-{{$vars.fresh}}" }""")}},
            {{Step("end", "Core.End", inputs: """{ "outcome": "Done" }""")}}
            """, version: 2, variables: """{ "kept": 1, "fresh": "new" }""")),
    ];

    [Fact]
    public async Task AMigrationSentToAnotherNode_HasTheNodeKeepingTheJourneyParkedGiveItBack_AndMovesIt()
    {
        await using var owner = new PostgresEngineNode(ConnectionString, Definitions, _clock, "owner", o => o.InMemoryTimerHorizon = TimeSpan.FromMinutes(1));
        await using var other = new PostgresEngineNode(ConnectionString, Definitions, _clock, "other");
        await owner.StartDispatcherAsync();
        var id = await ParkedOnTheOwnerAsync(owner);

        var request = new MigrationRequest { ToVersion = 2, FromVersion = 1, StepMap = new Dictionary<string, string>(StringComparer.Ordinal) { ["wait"] = "approval" } };
        var dry = await other.Client.MigrateAsync(id, request);
        Assert.Equal((true, false, null), (dry.CanMigrate, dry.Migrated, dry.Code));
        Assert.Equal(1, owner.Dispatcher.ParkedCount); // a dry run asks for nothing

        var applied = await other.Client.MigrateAsync(id, request with { DryRun = false, Reason = "lender API change" });

        Assert.True(applied.Migrated, applied.Reason);
        var moved = await other.Client.GetInstanceAsync(id);
        Assert.Equal((2, "poll", 0), (moved.WorkflowVersion, moved.CurrentStepId, owner.Dispatcher.ParkedCount));

        // It goes on polling on version 2, from the store, and completes with v2's step.
        await CompleteAsync(owner, id);
        Assert.Equal(["a:one", "b:two-new"], owner.Probe.Log.Where(e => e.StartsWith("a:", StringComparison.Ordinal) || e.StartsWith("b:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task VariablesSetThroughAnotherNode_OnAJourneyParkedOnTheOwner_Apply()
    {
        await using var owner = new PostgresEngineNode(ConnectionString, Definitions, _clock, "owner", o => o.InMemoryTimerHorizon = TimeSpan.FromMinutes(1));
        await using var other = new PostgresEngineNode(ConnectionString, Definitions, _clock, "other");
        await owner.StartDispatcherAsync();
        var id = await ParkedOnTheOwnerAsync(owner);

        var changed = await other.Client.SetVariablesAsync(id, new JsonObject { ["kept"] = 2 }, "ops", "corrected");

        Assert.Equal(2, changed.Variables["kept"]!.GetValue<int>());
        Assert.Equal(0, owner.Dispatcher.ParkedCount);
        await CompleteAsync(owner, id);
    }

    // A journey on v1 polling a lender, parked on the owner's in-memory timer with its lease kept.
    private async Task<string> ParkedOnTheOwnerAsync(PostgresEngineNode owner)
    {
        var instance = await owner.Client.StartAsync("mig", null, new StartOptions { Version = 1 });
        await owner.WaitForAsync(instance.Id, i => i.Status == WorkflowStatus.Waiting && i.CurrentStepId == "wait", TimeSpan.FromSeconds(30));
        await owner.Client.SignalAsync(instance.Id, "go", null);
        await EngineHarness.WaitUntilAsync(() => owner.Dispatcher.ParkedCount == 1 && owner.Probe.Log.Contains("trigger"));
        var parked = await owner.Client.GetInstanceAsync(instance.Id);
        Assert.Equal((WorkflowStatus.Waiting, "poll"), (parked.Status, parked.CurrentStepId));
        return instance.Id;
    }

    private async Task CompleteAsync(PostgresEngineNode owner, string id)
    {
        for (var poll = 1; poll <= 3; poll++)
        {
            // Once the owner sleeps (see EngineHarness.AdvanceHostedAsync): moved while it armed its wake-up, it slept for good.
            await EngineHarness.WaitUntilAsync(() => owner.Dispatcher.IsAsleep);
            _clock.Advance(TimeSpan.FromSeconds(30));
            var expected = $"poll{poll}";
            await EngineHarness.WaitUntilAsync(() => owner.Probe.Log.Contains(expected));
        }

        Assert.Equal("Done", (await owner.WaitForAsync(id, i => i.Status == WorkflowStatus.Completed, TimeSpan.FromSeconds(30))).Outcome);
    }
}
