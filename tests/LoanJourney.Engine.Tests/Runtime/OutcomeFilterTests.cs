using LoanJourney.Engine.Model;
using LoanJourney.Engine.Tests.Support;
using static LoanJourney.Engine.Tests.Support.Defs;

namespace LoanJourney.Engine.Tests.Runtime;

/// <summary>The outcome filter of the list and of bulk selections is matched whatever its case, as the status filter is.</summary>
public sealed class OutcomeFilterTests
{
    [Fact]
    public async Task AnOutcomeInAnotherCase_FindsTheJourneysThatEndedWithIt_InTheListAndTheBulkSelection()
    {
        await using var engine = await EngineHarness.StartAsync(
            Workflow("ends", $"""
                {Step("a", "Test.Record", """{ "Done": "end" }""")},
                {Step("end", "Core.End", inputs: """{ "outcome": "Disbursed" }""")}
                """));
        var done = await engine.StartAndRunAsync("ends");

        foreach (var spelled in new[] { "Disbursed", "disbursed", "DISBURSED" })
        {
            var list = await engine.Client.ListInstancesAsync(new InstanceQuery { Outcome = spelled });
            Assert.Equal((1, done.Id), (list.Total, Assert.Single(list.Items).Id));
            var selected = await engine.Client.QueryInstancesAsync(new InstanceQuery { Outcome = spelled });
            Assert.Equal(done.Id, Assert.Single(selected.Items).Id);
        }

        Assert.Empty((await engine.Client.ListInstancesAsync(new InstanceQuery { Outcome = "Rejected" })).Items);
    }
}
