using LoanJourney.Engine.Model;
using LoanJourney.Engine.Tests.Support;
using static LoanJourney.Engine.Tests.Support.Defs;

namespace LoanJourney.Engine.Tests.Runtime;

/// <summary>
/// A step followed by a pure one (<c>Core.SetVariable</c>, <c>Core.Branch</c>, <c>Core.End</c>: <c>ActivityDescriptor.IsPure</c>) is
/// committed together with it: one commit for both transitions. The instance's version counts its commits (regression guard, not
/// timed); the journal, the history and the funnel's aggregates are what one commit per step wrote.
/// </summary>
public sealed class PureStepTests
{
    private static readonly string Linear = EngineRunTests.Linear;

    [Fact]
    public async Task PureSteps_AreCommittedWithTheStepBeforeThem_AndTheJournalHistoryAndFunnelAreAsBefore()
    {
        await using var engine = await EngineHarness.StartAsync(Linear);
        var started = await engine.Client.StartAsync("linear", System.Text.Json.Nodes.JsonNode.Parse("""{ "name": "Asha", "decision": "Approved" }"""));
        Assert.Equal((WorkflowStatus.Running, "a"), (started.Status, started.CurrentStepId));
        await engine.DrainAsync();

        // a + setVar + branch in one commit, b + end in another: version 1 at the start, 3 at the end (5 steps, one commit each, made 6).
        var stored = await engine.Store.GetInstanceAsync(started.Id, default);
        Assert.Equal((WorkflowStatus.Completed, "Disbursed", 3L), (stored!.Status, stored.Outcome, stored.Version));
        var instance = await engine.Client.GetInstanceAsync(started.Id);
        Assert.Equal(["a", "setVar", "branch", "b", "end"], instance.Steps.Select(s => s.StepId));
        Assert.All(instance.Steps, s => Assert.Equal("Completed", s.Status));
        Assert.Equal("https://s/1", instance.Variables["sessionUrl"]!.GetValue<string>());

        // Test.Record journals a LenderCall of its own; the rest is the engine's.
        var journal = (await engine.Client.ReadJournalAsync(started.Id, 0, 100)).Items.Where(e => e.Kind != "LenderCall").ToList();
        Assert.Equal(
            ["InstanceStarted", "StepStarted", "StepCompleted", "StepStarted", "StepCompleted", "StepStarted", "StepCompleted", "StepStarted", "StepCompleted",
                "StepStarted", "StepCompleted", "InstanceCompleted"],
            journal.Select(e => e.Kind));
        Assert.Equal(["a", "a", "setVar", "setVar", "branch", "branch", "b", "b", "end", "end", "end"], journal.Skip(1).Select(e => e.StepId));

        var funnel = await engine.Client.GetFunnelAsync("linear", TimeSpan.FromHours(1));
        Assert.Equal(1, funnel.Total);
        foreach (var step in new[] { "a", "setVar", "branch", "b", "end" })
        {
            var counts = Assert.Single(funnel.Steps, s => s.StepId == step);
            Assert.Equal((1L, 1L, 0L), (counts.Reached, counts.Completed, counts.Waiting));
        }

        Assert.Equal(1, funnel.Outcomes["Disbursed"]);
    }

    [Fact]
    public async Task AStepFollowedByAStepThatIsNotPure_IsCommittedOnItsOwn()
    {
        await using var engine = await EngineHarness.StartAsync(Workflow("two", $"""{Step("a", "Test.Record", """{ "Done": "b" }""")}, {Step("b", "Test.Record")}"""));
        var instance = await engine.StartAndRunAsync("two");

        Assert.Equal(["a:", "b:"], engine.Probe.Log);
        Assert.Equal(3L, (await engine.Store.GetInstanceAsync(instance.Id, default))!.Version);
    }
}
