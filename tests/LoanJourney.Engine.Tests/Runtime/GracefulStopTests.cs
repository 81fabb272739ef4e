using LoanJourney.Engine.Model;
using LoanJourney.Engine.Runtime;
using LoanJourney.Engine.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using static LoanJourney.Engine.Tests.Support.Defs;

namespace LoanJourney.Engine.Tests.Runtime;

/// <summary>
/// A node told to stop (a deploy's SIGTERM) claims nothing more, lets the steps in flight finish and commit for
/// <see cref="EngineOptions.StopGracePeriod"/>, stops each run before its next step with the lease given back, and cancels only
/// what still runs after that (docs/engine.md, "Stopping a node"). A money call answered during the grace period is kept, so the
/// restarted node does not meet an intent sent with no answer (an incident for the operator where the lender offers no lookup).
/// </summary>
public sealed class GracefulStopTests
{
    private static string PayThenRecord() => Workflow("gs", start: "pay", steps:
        $"""
        {Step("pay", "Test.Pay", """{ "Done": "b" }""", """{ "holdAt": "afterSend" }""")}, {Step("b", "Test.Record")}
        """);

    private static async Task<(string Id, Task Stopping)> StopWhilePayIsOutAsync(EngineHarness engine, CancellationTokenSource stop)
    {
        engine.Probe.PayGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await engine.Dispatcher.StartAsync(stop.Token);
        var id = (await engine.Client.StartAsync("gs", null)).Id;
        await engine.Probe.PayEntered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        return (id, engine.Dispatcher.StopAsync(CancellationToken.None));
    }

    [Fact]
    public async Task AMoneyCallOutWhenTheNodeIsToldToStop_IsAnsweredAndCommitted_AndTheRunStopsBeforeTheNextStep()
    {
        await using var engine = await EngineHarness.StartAsync(PayThenRecord());
        using var stop = new CancellationTokenSource();
        var (id, stopping) = await StopWhilePayIsOutAsync(engine, stop);

        // The lender answers during the grace period.
        await Task.Delay(100);
        Assert.False(stopping.IsCompleted);
        engine.Probe.PayGate!.SetResult();
        await stopping.WaitAsync(TimeSpan.FromSeconds(30));

        var stored = (await engine.Store.GetInstanceAsync(id, default))!;
        Assert.Equal((WorkflowStatus.Running, "b", null), (stored.Status, stored.CurrentStepId, stored.LeaseOwner));
        Assert.Contains((await engine.Client.ReadJournalAsync(id, 0, 1000)).Items, e => e is { Kind: JournalKinds.StepCompleted, StepId: "pay" });
        Assert.Equal(["pay:send"], engine.Probe.Log);

        // The next start of the node goes on from b: the call is not sent again and nothing asks the operator.
        await engine.RestartAsync();
        await engine.DrainAsync();
        Assert.Equal(["pay:send", "b:"], engine.Probe.Log);
        var done = await engine.Client.GetInstanceAsync(id);
        Assert.Equal(WorkflowStatus.Completed, done.Status);
        Assert.DoesNotContain(JournalKinds.IncidentRaised, await engine.JournalKindsAsync(id));
    }

    [Fact]
    public async Task AStepStillRunningWhenTheGracePeriodEnds_IsCancelled_NothingOfItIsCommitted_AndTheLeaseIsGivenBack()
    {
        await using var engine = await EngineHarness.StartAsync(o => o.StopGracePeriod = TimeSpan.FromMilliseconds(200), PayThenRecord());
        using var stop = new CancellationTokenSource();
        var (id, stopping) = await StopWhilePayIsOutAsync(engine, stop);

        // The lender never answers: the call is cancelled once the grace period is over, as at a crash.
        await stopping.WaitAsync(TimeSpan.FromSeconds(30));

        var stored = (await engine.Store.GetInstanceAsync(id, default))!;
        Assert.Equal((WorkflowStatus.Running, "pay", null), (stored.Status, stored.CurrentStepId, stored.LeaseOwner));
        Assert.DoesNotContain((await engine.Client.ReadJournalAsync(id, 0, 1000)).Items, e => e is { Kind: JournalKinds.StepCompleted, StepId: "pay" });
        Assert.Single(await engine.Store.GetOpenIntentsAsync(id, default)); // saved before the send: the re-run sees a send with no answer
    }

    [Theory]
    [InlineData(10, 30, 30)] // the default grace period: the host's default 30 s covers it and 10 s more
    [InlineData(40, 30, 50)] // a longer one raises the host's shutdown timeout to the grace period + 10 s
    [InlineData(10, 90, 90)] // a host that waits longer already is left as it is
    public void TheHostsShutdownTimeout_CoversTheGracePeriodAndTenSecondsMore(int graceSeconds, int hostSeconds, int expectedSeconds)
    {
        var services = new ServiceCollection();
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(hostSeconds));
        services.AddLoanJourneyEngine(o => o.StopGracePeriod = TimeSpan.FromSeconds(graceSeconds));
        using var provider = services.BuildServiceProvider();
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), provider.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
    }
}
