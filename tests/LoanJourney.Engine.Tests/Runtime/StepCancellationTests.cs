using LoanJourney.Engine.Model;
using LoanJourney.Engine.Runtime;
using LoanJourney.Engine.Storage;
using LoanJourney.Engine.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using static LoanJourney.Engine.Tests.Support.Defs;

namespace LoanJourney.Engine.Tests.Runtime;

/// <summary>
/// The token an attempt's activity runs with (<see cref="StepCancellation"/>, round 54 in docs/PERFORMANCE.md): one source where every
/// step made three, the timeout, the lost lease and the run's token told apart as before. The runner's own paths — a step's timeout, a
/// lease lost under a running step — are pinned through the engine below; the node stopping and an operator's cancel by
/// <see cref="GracefulStopTests"/> and the cancel tests.
/// </summary>
public sealed class StepCancellationTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ALostLease_CancelsTheToken_AndReadsAsTheLeaseNotTheTimeout()
    {
        var clock = new FakeTimeProvider(T0);
        using var run = new CancellationTokenSource();
        using var cancellation = new StepCancellation(TimeSpan.FromSeconds(30), clock, run.Token);
        Assert.False(cancellation.Token.IsCancellationRequested);

        await cancellation.LoseLeaseAsync();

        Assert.True(cancellation.Token.IsCancellationRequested);
        Assert.True(cancellation.LeaseLost);
        Assert.False(cancellation.TimedOut);
        Assert.False(run.IsCancellationRequested);
    }

    [Fact]
    public void TheTimeout_RunsOnTheEnginesClock_AndReadsAsTheTimeoutNotTheLease()
    {
        var clock = new FakeTimeProvider(T0);
        using var cancellation = new StepCancellation(TimeSpan.FromSeconds(30), clock, CancellationToken.None);

        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.False(cancellation.Token.IsCancellationRequested);
        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.True(cancellation.Token.IsCancellationRequested);
        Assert.True(cancellation.TimedOut);
        Assert.False(cancellation.LeaseLost);
    }

    [Fact]
    public async Task TheTimeoutThenALostLease_ReadAsBoth_AsTheirTwoSourcesDid()
    {
        var clock = new FakeTimeProvider(T0);
        using var cancellation = new StepCancellation(TimeSpan.FromSeconds(30), clock, CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(30));

        await cancellation.LoseLeaseAsync(); // a cancelled source is cancelled again without a fault

        Assert.True(cancellation.TimedOut);
        Assert.True(cancellation.LeaseLost);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task TheRunsToken_CancelsTheToken_AndReadsAsNeither(bool withTimeout)
    {
        var clock = new FakeTimeProvider(T0);
        using var run = new CancellationTokenSource();
        using var cancellation = new StepCancellation(withTimeout ? TimeSpan.FromSeconds(30) : null, clock, run.Token);

        await run.CancelAsync();

        Assert.True(cancellation.Token.IsCancellationRequested);
        Assert.False(cancellation.TimedOut);
        Assert.False(cancellation.LeaseLost);
    }

    [Fact]
    public void ARunAlreadyStopped_StartsTheAttemptCancelled_AndAStepWithoutATimeoutNeverTimesOut()
    {
        var clock = new FakeTimeProvider(T0);
        using var cancellation = new StepCancellation(null, clock, new CancellationToken(canceled: true));
        Assert.True(cancellation.Token.IsCancellationRequested);

        using var open = new StepCancellation(null, clock, CancellationToken.None);
        clock.Advance(TimeSpan.FromDays(1));
        Assert.False(open.Token.IsCancellationRequested);
        Assert.False(open.TimedOut);
    }

    // The guard (structural, not timed): a step's cancellation made and disposed allocates one linked source and its one registration on
    // the run's token. Main (25fb7415) made a timeout source, a lease source and a source linked from three tokens: 2 more sources, a
    // registrations array, and a registration on each of the two step-owned sources (measured on main's way: see docs/PERFORMANCE.md,
    // round 54).
    [Fact]
    public void AStepsCancellation_AllocatesOneSourceAndItsRegistration_NotThreeSources()
    {
        using var run = new CancellationTokenSource();
        for (var i = 0; i < 100; i++)
        {
            Make(run.Token);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            Make(run.Token);
        }

        var perStep = (GC.GetAllocatedBytesForCurrentThread() - before) / 100;
        Assert.True(perStep <= Bound, $"a step's cancellation allocated {perStep} bytes (bound {Bound})");

        static void Make(CancellationToken run)
        {
            using var cancellation = new StepCancellation(null, TimeProvider.System, run);
        }
    }

    private const long Bound = 200;

    // Through the engine: a step whose attempt outlasts its timeout fails with "Timeout", on the engine's clock (one attempt by default:
    // an incident), and the call it was making is cancelled.
    [Fact]
    public async Task AStepOutlastingItsTimeout_FailsWithTimeout_AndItsCallIsCancelled()
    {
        await using var engine = await EngineHarness.StartAsync(Workflow("slow", start: "pay", steps:
            $"""
            {Step("pay", "Test.Pay", """{ "Done": "b" }""", """{ "holdAt": "beforeSend" }""", extra: ", \"timeout\": \"00:00:30\"")}, {Step("b", "Test.Record")}
            """));
        engine.Probe.PayGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var id = (await engine.Client.StartAsync("slow", null)).Id;
        var drain = engine.DrainAsync();
        await engine.Probe.PayEntered.Task.WaitAsync(TimeSpan.FromSeconds(30));

        engine.Clock.Advance(TimeSpan.FromSeconds(30));
        await drain.WaitAsync(TimeSpan.FromSeconds(30));

        var journal = (await engine.Client.ReadJournalAsync(id, 0, 1000)).Items;
        var failed = Assert.Single(journal, e => e.Kind == JournalKinds.StepFailed);
        Assert.Equal("Timeout", failed.Data!["errorKind"]!.GetValue<string>());
        Assert.Equal("The attempt did not finish within 00:00:30.", failed.Data!["message"]!.GetValue<string>());
        Assert.Contains(journal, e => e.Kind == JournalKinds.IncidentRaised);
        var stored = (await engine.Store.GetInstanceAsync(id, default))!;
        Assert.Equal((WorkflowStatus.Faulted, "pay"), (stored.Status, stored.CurrentStepId));
        Assert.Empty(engine.Probe.Log); // cancelled before the send
    }

    // Through the engine: a lease lost under a running step (the renewal finds another owner's fence) cancels the activity, and nothing of
    // the step is committed: no failure, no retry, the row as the other owner left it.
    [Fact]
    public async Task ALeaseLostUnderARunningStep_CancelsItsCall_AndCommitsNothingOfIt()
    {
        await using var engine = await EngineHarness.StartAsync(Workflow("lost", start: "pay", steps:
            $"""
            {Step("pay", "Test.Pay", """{ "Done": "b" }""", """{ "holdAt": "beforeSend" }""")}, {Step("b", "Test.Record")}
            """));
        engine.Probe.PayGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var id = (await engine.Client.StartAsync("lost", null)).Id;
        var drain = engine.DrainAsync();
        await engine.Probe.PayEntered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var claimed = (await engine.Store.GetInstanceAsync(id, default))!;
        await engine.Store.ReleaseLeaseAsync(id, new LeaseFence(claimed.LeaseOwner!, claimed.LeaseToken), default);
        var stolen = (await engine.Store.TryClaimAsync(id, "other", engine.Clock.GetUtcNow(), engine.Clock.GetUtcNow() + TimeSpan.FromMinutes(5), default))!;

        engine.Clock.Advance(TimeSpan.FromSeconds(20)); // the renewal's period: a third of the lease
        await drain.WaitAsync(TimeSpan.FromSeconds(30));

        var stored = (await engine.Store.GetInstanceAsync(id, default))!;
        Assert.Equal((WorkflowStatus.Running, "pay", "other", stolen.Version), (stored.Status, stored.CurrentStepId, stored.LeaseOwner, stored.Version));
        var kinds = await engine.JournalKindsAsync(id);
        Assert.DoesNotContain(JournalKinds.StepFailed, kinds);
        Assert.DoesNotContain(JournalKinds.StepStarted, kinds);
        Assert.Empty(engine.Probe.Log);
    }
}
