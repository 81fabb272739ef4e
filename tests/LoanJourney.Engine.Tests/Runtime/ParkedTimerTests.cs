using LoanJourney.Engine.Model;
using LoanJourney.Engine.Tests.Support;
using static LoanJourney.Engine.Tests.Support.Defs;

namespace LoanJourney.Engine.Tests.Runtime;

/// <summary>
/// Short timers (a poll interval, a retry back-off) within <c>InMemoryTimerHorizon</c>: the suspension is committed as always, the
/// runner keeps the lease and the node resumes the instance from memory when due. The lease token counts claims: every claim
/// increments it, so it is a regression guard (not timed) for the round trips a timer costs.
/// </summary>
public sealed class ParkedTimerTests
{
    // Test.Poll: a trigger, then three polls 30 s apart.
    private static readonly string PollThenRecord = Workflow("poll", $"""{Step("a", "Test.Poll", """{ "Done": "b" }""")}, {Step("b", "Test.Record")}""");

    private static void Horizon(Engine.Runtime.EngineOptions o) => o.InMemoryTimerHorizon = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task TimerWithinTheHorizon_IsCommittedWithTheLeaseKept_AndTheInstanceIsClaimedOnceForAllItsPolls()
    {
        await using var engine = await EngineHarness.StartAsync(Horizon, PollThenRecord);
        var instance = await engine.StartAndRunAsync("poll");

        var stored = await engine.Store.GetInstanceAsync(instance.Id, default);
        Assert.Equal((WorkflowStatus.Waiting, "test-node"), (stored!.Status, stored.LeaseOwner));
        var timer = Assert.Single(await engine.Store.GetBookmarksAsync(instance.Id, default));
        Assert.Equal(engine.Clock.GetUtcNow().AddSeconds(30), timer.DueAt);
        Assert.Equal(1, engine.Dispatcher.ParkedCount);
        Assert.Contains("StepSuspended", await engine.JournalKindsAsync(instance.Id));

        await engine.AdvanceAsync(TimeSpan.FromSeconds(29));
        Assert.Equal(["trigger"], engine.Probe.Log);
        for (var i = 0; i < 3; i++)
        {
            await engine.AdvanceAsync(TimeSpan.FromSeconds(i == 0 ? 1 : 30));
        }

        Assert.Equal(["trigger", "poll1", "poll2", "poll3", "b:"], engine.Probe.Log);
        var done = await engine.Store.GetInstanceAsync(instance.Id, default);
        Assert.Equal((WorkflowStatus.Completed, null, 1L), (done!.Status, done.LeaseOwner, done.LeaseToken));
        Assert.Empty(await engine.Store.GetBookmarksAsync(instance.Id, default));
        Assert.Equal(0, engine.Dispatcher.ParkedCount);
    }

    [Fact]
    public async Task HorizonZero_EveryTimerReleasesTheLease_AndIsClaimedAgain()
    {
        await using var engine = await EngineHarness.StartAsync(o => o.InMemoryTimerHorizon = TimeSpan.Zero, PollThenRecord);
        var instance = await engine.StartAndRunAsync("poll");

        Assert.Null((await engine.Store.GetInstanceAsync(instance.Id, default))!.LeaseOwner);
        Assert.Equal(0, engine.Dispatcher.ParkedCount);
        for (var i = 0; i < 3; i++)
        {
            await engine.AdvanceAsync(TimeSpan.FromSeconds(30));
        }

        Assert.Equal(["trigger", "poll1", "poll2", "poll3", "b:"], engine.Probe.Log);
        Assert.Equal(4L, (await engine.Store.GetInstanceAsync(instance.Id, default))!.LeaseToken);
    }

    [Fact]
    public async Task TimerBeyondTheHorizon_ReleasesTheLease()
    {
        await using var engine = await EngineHarness.StartAsync(o => o.InMemoryTimerHorizon = TimeSpan.FromSeconds(29), PollThenRecord);
        var instance = await engine.StartAndRunAsync("poll");

        Assert.Null((await engine.Store.GetInstanceAsync(instance.Id, default))!.LeaseOwner);
        Assert.Equal(0, engine.Dispatcher.ParkedCount);
    }

    [Fact]
    public async Task WebhookWait_IsNeverParked_EvenWithAShortTimeout()
    {
        await using var engine = await EngineHarness.StartAsync(Horizon, Workflow("wh", $"""
            {Step("a", "Core.WaitForWebhook", """{ "Received": "b", "Timeout": "b" }""", """{ "key": "k1", "timeout": "00:00:10" }""")},
            {Step("b", "Test.Record")}
            """));
        var instance = await engine.StartAndRunAsync("wh");

        Assert.Null((await engine.Store.GetInstanceAsync(instance.Id, default))!.LeaseOwner);
        Assert.Equal(0, engine.Dispatcher.ParkedCount);
        Assert.Equal(WebhookDeliveryStatus.Routed, (await engine.Client.DeliverWebhookAsync("k1", null, "e1")).Status);
        await engine.DrainAsync();
        Assert.Equal(WorkflowStatus.Completed, (await engine.Client.GetInstanceAsync(instance.Id)).Status);
    }

    [Fact]
    public async Task ShortRetryBackoff_IsParkedToo()
    {
        await using var engine = await EngineHarness.StartAsync(Horizon, Workflow("r",
            Step("a", "Test.Flaky", inputs: """{ "failTimes": 2 }""", extra: """, "retry": { "maxAttempts": 3, "initialDelay": "00:00:05" }""")));
        var instance = await engine.StartAndRunAsync("r");
        Assert.Equal(1, engine.Dispatcher.ParkedCount);

        await engine.AdvanceAsync(TimeSpan.FromSeconds(5));
        await engine.AdvanceAsync(TimeSpan.FromSeconds(10));

        var done = await engine.Store.GetInstanceAsync(instance.Id, default);
        Assert.Equal((WorkflowStatus.Completed, 1L), (done!.Status, done.LeaseToken));
        Assert.Equal(3, (await engine.Client.GetInstanceAsync(instance.Id)).Steps[0].Attempt);
    }

    [Fact]
    public async Task Cancel_OfAParkedInstance_IsCarriedOutAtOnce_NotWhenTheTimerIsDue()
    {
        await using var engine = await EngineHarness.StartAsync(Horizon, PollThenRecord);
        var instance = await engine.StartAndRunAsync("poll");

        await engine.Client.CancelAsync(instance.Id, "borrower withdrew");
        await engine.DrainAsync();

        var cancelled = await engine.Store.GetInstanceAsync(instance.Id, default);
        Assert.Equal((WorkflowStatus.Cancelled, null), (cancelled!.Status, cancelled.LeaseOwner));
        Assert.Equal(0, engine.Dispatcher.ParkedCount);
        Assert.Equal(["trigger"], engine.Probe.Log);
    }

    [Fact]
    public async Task Restart_WhileParked_TheTimerFiresFromTheStore()
    {
        await using var engine = await EngineHarness.StartAsync(Horizon, PollThenRecord);
        var instance = await engine.StartAndRunAsync("poll");
        await engine.RestartAsync();
        Assert.Equal(0, engine.Dispatcher.ParkedCount);

        for (var i = 0; i < 3; i++)
        {
            await engine.AdvanceAsync(TimeSpan.FromSeconds(30));
        }

        Assert.Equal(["trigger", "poll1", "poll2", "poll3", "b:"], engine.Probe.Log);
        Assert.Equal(WorkflowStatus.Completed, (await engine.Client.GetInstanceAsync(instance.Id)).Status);
    }

    [Fact]
    public async Task HostedDispatcher_ResumesParkedRunsWhenDue_AndGivesTheirLeasesBackWhenItStops()
    {
        await using var engine = await EngineHarness.StartAsync(Horizon, PollThenRecord);
        using var stop = new CancellationTokenSource();
        await engine.Dispatcher.StartAsync(stop.Token);
        string id;
        try
        {
            id = (await engine.Client.StartAsync("poll", null)).Id;
            await EngineHarness.WaitUntilAsync(() => engine.Dispatcher.ParkedCount == 1 && engine.Probe.Log.Count == 1);
            await engine.AdvanceHostedAsync(TimeSpan.FromSeconds(30));
            await EngineHarness.WaitUntilAsync(() => engine.Probe.Log.Count == 2 && engine.Dispatcher.ParkedCount == 1);
            Assert.Equal(["trigger", "poll1"], engine.Probe.Log);
            Assert.Equal("test-node", (await engine.Store.GetInstanceAsync(id, default))!.LeaseOwner);
        }
        finally
        {
            await stop.CancelAsync();
            await engine.Dispatcher.StopAsync(CancellationToken.None);
        }

        var stored = await engine.Store.GetInstanceAsync(id, default);
        Assert.Equal((WorkflowStatus.Waiting, null, 1L), (stored!.Status, stored.LeaseOwner, stored.LeaseToken));
        Assert.Equal(0, engine.Dispatcher.ParkedCount);
    }
}
