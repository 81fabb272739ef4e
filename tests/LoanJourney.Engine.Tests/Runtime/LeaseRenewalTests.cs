using LoanJourney.Engine.Model;
using LoanJourney.Engine.Runtime;
using LoanJourney.Engine.Storage;
using LoanJourney.Engine.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using static LoanJourney.Engine.Tests.Support.Defs;

namespace LoanJourney.Engine.Tests.Runtime;

/// <summary>
/// A run's lease renewal (<see cref="LeaseRenewal"/>, round 58 in docs/PERFORMANCE.md): one timer a run where every step made its own,
/// armed while a step's activity runs on the step's own schedule (a third of a lease from the step's start), and a lease lost under
/// any step of the run still cancels that step and commits nothing of it. <see cref="LeaseTests"/> and
/// <see cref="StepCancellationTests"/> pin the first step's renewal and loss.
/// </summary>
public sealed class LeaseRenewalTests
{
    // The harness's lease is one minute: the renewal's period is 20 s.
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(20);

    private static readonly string RecordThenPay = Workflow("renew", $"""
        {Step("a", "Test.Record", """{ "Done": "pay" }""")},
        {Step("pay", "Test.Pay", """{ "Done": "end" }""", """{ "holdAt": "beforeSend" }""")},
        {Step("end", "Core.End", inputs: """{ "outcome": "Done" }""")}
        """);

    [Fact]
    public async Task ASecondStepOutlastingTheLease_IsRenewedFromItsOwnStart_AndCommits()
    {
        var clock = new RenewalCountingClock(EngineHarness.Start, Period);
        await using var engine = await EngineHarness.StartAsync(clock, null, null, RecordThenPay);
        engine.Probe.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        engine.Probe.PayGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var id = (await engine.Client.StartAsync("renew", null)).Id;
        var drain = engine.DrainAsync();
        await engine.Probe.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // The first step runs 10 s (no renewal: its first is due at 20 s), then commits; the second starts at once, 10 s into the run.
        clock.Advance(TimeSpan.FromSeconds(10));
        engine.Probe.Gate.SetResult();
        await engine.Probe.PayEntered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var payStart = clock.GetUtcNow();
        Assert.Equal(payStart + TimeSpan.FromMinutes(1), (await engine.Store.GetInstanceAsync(id, default))!.LeaseExpiresAt); // a's commit

        // Renewed a third of a lease after the second step started (not on the run's phase: that would have renewed at 20 s, to
        // 20 s + a lease, and not again before 40 s), then every third, well past the lease it started with.
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(payStart + TimeSpan.FromMinutes(1), (await engine.Store.GetInstanceAsync(id, default))!.LeaseExpiresAt);
        for (var i = 0; i < 6; i++)
        {
            clock.Advance(i == 0 ? TimeSpan.FromSeconds(10) : Period);
            var expected = clock.GetUtcNow() + TimeSpan.FromMinutes(1);
            await engine.WaitForLeaseExpiryAsync(id, expected);
        }

        var now = clock.GetUtcNow();
        Assert.True(now > payStart + TimeSpan.FromMinutes(1), "the lease the second step started with would have expired by now");
        Assert.Null(await engine.Store.TryClaimAsync(id, "intruder", now, now + TimeSpan.FromMinutes(1), default));

        engine.Probe.PayGate.SetResult();
        await drain.WaitAsync(TimeSpan.FromSeconds(30));
        var stored = (await engine.Store.GetInstanceAsync(id, default))!;
        Assert.Equal((WorkflowStatus.Completed, (string?)null), (stored.Status, stored.LeaseOwner));
        Assert.Equal(["a:", "pay:send"], engine.Probe.Log);

        // The run's renewal is gone with the run: nothing armed, and the clock moving on renews nothing.
        Assert.All(clock.Renewals, t => Assert.True(t.Disposed));
        clock.Advance(Period * 3);
        Assert.Null((await engine.Store.GetInstanceAsync(id, default))!.LeaseExpiresAt);
    }

    [Fact]
    public async Task ALeaseLostUnderTheSecondStepOfARun_CancelsThatStep_AndCommitsNothingOfIt()
    {
        await using var engine = await EngineHarness.StartAsync(RecordThenPay);
        engine.Probe.PayGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var id = (await engine.Client.StartAsync("renew", null)).Id;
        var drain = engine.DrainAsync();
        await engine.Probe.PayEntered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var claimed = (await engine.Store.GetInstanceAsync(id, default))!;
        Assert.Equal("pay", claimed.CurrentStepId);
        await engine.Store.ReleaseLeaseAsync(id, new LeaseFence(claimed.LeaseOwner!, claimed.LeaseToken), default);
        var stolen = (await engine.Store.TryClaimAsync(id, "other", engine.Clock.GetUtcNow(), engine.Clock.GetUtcNow() + TimeSpan.FromMinutes(5), default))!;

        engine.Clock.Advance(Period); // the second step's first renewal finds the lease gone
        await drain.WaitAsync(TimeSpan.FromSeconds(30));

        var stored = (await engine.Store.GetInstanceAsync(id, default))!;
        Assert.Equal((WorkflowStatus.Running, "pay", "other", stolen.Version), (stored.Status, stored.CurrentStepId, stored.LeaseOwner, stored.Version));
        var kinds = await engine.JournalKindsAsync(id);
        Assert.Single(kinds, k => k == JournalKinds.StepStarted); // the first step's: nothing of the second was committed
        Assert.DoesNotContain(JournalKinds.StepFailed, kinds);
        Assert.Equal(["a:"], engine.Probe.Log); // the call was never sent
    }

    [Fact]
    public async Task ARunOfFiveSteps_MakesOneRenewalTimer_DisposedWithTheRun()
    {
        // Structural guard (round 58): main made a timer and its callback for every step (5 here).
        var clock = new RenewalCountingClock(EngineHarness.Start, Period);
        await using var engine = await EngineHarness.StartAsync(clock, null, null, Workflow("five", $"""
            {Step("a", "Test.Record", """{ "Done": "b" }""")}, {Step("b", "Test.Record", """{ "Done": "c" }""")},
            {Step("c", "Test.Record", """{ "Done": "d" }""")}, {Step("d", "Test.Record", """{ "Done": "end" }""")},
            {Step("end", "Core.End", inputs: """{ "outcome": "Done" }""")}
            """));

        var done = await engine.StartAndRunAsync("five");

        Assert.Equal(WorkflowStatus.Completed, done.Status);
        Assert.Equal(["a:", "b:", "c:", "d:"], engine.Probe.Log);
        Assert.Single(clock.Renewals);
        Assert.True(clock.Renewals[0].Disposed);
    }

    /// <summary>A manual clock that keeps the periodic timers of <paramref name="period"/> it makes (the renewal's: nothing else repeats so).</summary>
    private sealed class RenewalCountingClock(DateTimeOffset start, TimeSpan period) : FakeTimeProvider(start)
    {
        private readonly List<CountedTimer> _renewals = [];

        public IReadOnlyList<CountedTimer> Renewals
        {
            get
            {
                lock (_renewals)
                {
                    return [.. _renewals];
                }
            }
        }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period1)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period1);
            if (period1 != period)
            {
                return timer;
            }

            var counted = new CountedTimer(timer);
            lock (_renewals)
            {
                _renewals.Add(counted);
            }

            return counted;
        }
    }

    private sealed class CountedTimer(ITimer inner) : ITimer
    {
        public bool Disposed { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(dueTime, period);

        public void Dispose()
        {
            Disposed = true;
            inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Disposed = true;
            return inner.DisposeAsync();
        }
    }
}
