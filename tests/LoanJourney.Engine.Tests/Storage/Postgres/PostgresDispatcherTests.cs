using LoanJourney.Engine.Model;
using LoanJourney.Engine.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using static LoanJourney.Engine.Tests.Support.Defs;

namespace LoanJourney.Engine.Tests.Storage.Postgres;

/// <summary>Dispatchers on PostgreSQL: woken by another node's NOTIFY, and recovering from a database outage.</summary>
[Collection(PostgresGroup.Name)]
public sealed class PostgresDispatcherTests(PostgresServer server) : PostgresNodeTests(server)
{

    protected override IEnumerable<(string File, string Json)> Workflows() =>
    [
        ("flow.json", Workflow("flow", $"""
            {Step("a", "Test.Record", """{ "Done": "wait" }""")},
            {Step("wait", "Core.Delay", """{ "Done": "b" }""", """{ "duration": "00:00:00.300" }""")},
            {Step("b", "Test.Record", """{ "Done": "end" }""")},
            {Step("end", "Core.End", inputs: """{ "outcome": "Done" }""")}
            """)),
    ];

    [Fact]
    public async Task AStartOnAnotherNode_WakesAnIdleDispatcherThroughNotify()
    {
        // The idle node's clock never moves: its poll timer never fires, so only a notification can wake it.
        var frozen = new FakeTimeProvider(EngineHarness.Start);
        await using var idle = new PostgresEngineNode(ConnectionString, Definitions, frozen, "idle");
        await using var other = new PostgresEngineNode(ConnectionString, Definitions, frozen, "other");
        await idle.StartDispatcherAsync();
        await Task.Delay(300); // let it go idle and listen

        var instance = await other.Client.StartAsync("flow", null);

        var reached = await other.WaitForAsync(instance.Id, i => i.Status == WorkflowStatus.Waiting, TimeSpan.FromSeconds(10));
        Assert.Equal("wait", reached.CurrentStepId);
        Assert.Equal(["a:"], idle.Probe.Log);
        Assert.Empty(other.Probe.Log);
    }

    [Fact]
    public async Task TheDatabaseGoingAwayAndComingBack_TheDispatcherRecoversAndCompletesTheWork()
    {
        await using var node = new PostgresEngineNode(ConnectionString, Definitions, TimeProvider.System, "outage", o =>
        {
            o.LeaseDuration = TimeSpan.FromSeconds(4);
            o.MinPollInterval = TimeSpan.FromMilliseconds(50);
            o.MaxPollInterval = TimeSpan.FromMilliseconds(500);
            o.RunnerFailureBackoff = TimeSpan.FromMilliseconds(500);
        });
        await node.StartDispatcherAsync();
        var ids = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            ids.Add((await node.Client.StartAsync("flow", null)).Id);
        }

        await node.WaitForAsync(ids[^1], i => i.Status != WorkflowStatus.Running || i.CurrentStepId != "a", TimeSpan.FromSeconds(10));
        await Server.StopAsync();
        await Task.Delay(TimeSpan.FromSeconds(2));
        await Server.StartAsync();

        foreach (var id in ids)
        {
            var done = await node.WaitForAsync(id, i => i.Status == WorkflowStatus.Completed, TimeSpan.FromSeconds(30));
            Assert.Equal("Done", done.Outcome);
        }

        // Later work runs too: the node claims again after the outage.
        var after = await node.Client.StartAsync("flow", null);
        Assert.Equal(WorkflowStatus.Completed, (await node.WaitForAsync(after.Id, i => i.Status == WorkflowStatus.Completed, TimeSpan.FromSeconds(15))).Status);
    }
}
