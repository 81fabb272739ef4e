using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using LoanJourney.Engine.Errors;
using LoanJourney.Engine.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

using LoanJourney.Engine.Telemetry;

namespace LoanJourney.Engine.Runtime;

/// <summary>
/// Background dispatcher: claims ready instances with a lease (bounded concurrency), runs each with one runner, and
/// sleeps until the next due time, an in-process wake-up, a notification from another node (stores that offer
/// <see cref="IWorkNotificationSource"/>), or an idle poll (with back-off) — whichever comes first.
/// </summary>
public sealed class WorkflowDispatcher : BackgroundService
{
    private readonly IWorkflowStore _store;
    private readonly WorkflowRunner _runner;
    private readonly EngineInitializer _initializer;
    private readonly WorkWakeup _wakeup;
    private readonly TimeProvider _time;
    private readonly EngineOptions _options;
    private readonly ILogger<WorkflowDispatcher> _logger;
    private readonly IHostApplicationLifetime? _lifetime;
    private readonly ParkedRuns _parked;
    private readonly EngineTelemetry _telemetry;
    private readonly ConcurrentDictionary<string, Task> _running = new(StringComparer.Ordinal);
    private readonly FailureStreak _loopFailures;
    private readonly FailureStreak _listenFailures;

    // Runs started and not yet through their closing wake-up (one count longer than _running holds them): see IsAsleep.
    private int _inFlight;

    internal WorkflowDispatcher(
        IWorkflowStore store,
        WorkflowRunner runner,
        EngineInitializer initializer,
        WorkWakeup wakeup,
        ParkedRuns parked,
        TimeProvider time,
        EngineOptions options,
        EngineTelemetry telemetry,
        ILogger<WorkflowDispatcher> logger,
        IHostApplicationLifetime? lifetime = null)
    {
        _lifetime = lifetime;
        _telemetry = telemetry;
        _store = store;
        _runner = runner;
        _initializer = initializer;
        _wakeup = wakeup;
        _parked = parked;
        _time = time;
        _options = options;
        _logger = logger;
        _loopFailures = new FailureStreak("Workflow dispatcher", options.MaxPollInterval, time, logger);
        _listenFailures = new FailureStreak("Work notifications", options.MaxPollInterval, time, logger);
    }

    /// <summary>Instances being run right now by this node.</summary>
    public int RunningCount => _running.Count;

    /// <summary>Instances waiting on a short timer with this node's lease kept, resumed from memory when due (see <see cref="EngineOptions.InMemoryTimerHorizon"/>).</summary>
    public int ParkedCount => _parked.Count;

    /// <summary>
    /// The hosted loop sleeps on the clock with nothing to do before it: no run in flight (each one's closing wake-up included),
    /// its wake-up armed (on the engine clock, for the next due time it read after the last change) and no wake-up pending since.
    /// For tests on a manual clock, which move it only then: the loop reads the clock, then arms a timer for the time left; a
    /// clock moved between the two arms it that much late, and a manual clock that moves no more never reaches it (the loop then
    /// sleeps for good). A real clock moves by the microseconds between the two, so the wake-up is that late, no more.
    /// </summary>
    internal bool IsAsleep
    {
        get
        {
            // The same wait before and after reading the runs in flight: the loop (which alone starts runs) slept throughout.
            var sleep = _wakeup.Waiting;
            return sleep != 0 && Volatile.Read(ref _inFlight) == 0 && _wakeup.Waiting == sleep;
        }
    }

    /// <summary>
    /// Runs everything that is due at the current engine time, to quiescence, then returns how many runs happened.
    /// For tests and tools that drive the engine with a manual clock instead of the background loop.
    /// </summary>
    public async Task<int> DrainAsync(CancellationToken cancellationToken = default)
    {
        await _initializer.EnsureInitializedAsync(cancellationToken);
        var total = 0;
        for (var round = 0; round < 10_000; round++)
        {
            var now = _time.GetUtcNow();
            var due = _parked.TakeDue(now, _options.MaxConcurrency);
            var claimed = await ClaimAsync(now, _options.MaxConcurrency - due.Count, cancellationToken);
            RecordClaims(claimed, now);
            if (claimed.Count == 0 && due.Count == 0)
            {
                return total;
            }

            total += claimed.Count + due.Count;
            var results = await Task.WhenAll(
                claimed.Select(async i => (RunResult?)await _runner.RunAsync(i, null, singleStep: false, cancellationToken))
                    .Concat(due.Select(p => ResumeParkedAsync(p, cancellationToken))));
            foreach (var parked in results.Select(r => r?.Parked).OfType<ParkedRun>())
            {
                await ParkOrReleaseAsync(parked);
            }
        }

        throw new InvalidOperationException("DrainAsync did not reach quiescence after 10,000 rounds; a workflow may loop without waiting.");
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A host stops its hosted services one after another, the last registered first, and a web host registers its server
        // last: the dispatcher's own token is cancelled only once the server has drained its requests and every service after the
        // engine has stopped (walk 45: claims went on 6 s after "Application is shutting down" under load). ApplicationStopping
        // is cancelled before any service is stopped, so the node claims nothing more from the moment the stop begins.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, _lifetime?.ApplicationStopping ?? CancellationToken.None);
        await RunUntilStoppedAsync(stop.Token);
    }

    private async Task RunUntilStoppedAsync(CancellationToken stoppingToken)
    {
        if (!await WaitUntilHostStartedAsync(stoppingToken))
        {
            return;
        }

        var listening = _store is IWorkNotificationSource source ? ListenAsync(source, stoppingToken) : Task.CompletedTask;

        // The runs' own token: a stop lets the steps in flight finish and commit for StopGracePeriod (they stop before their next
        // step, told by stoppingToken), and only then cancels what is still running.
        using var runs = new CancellationTokenSource();
        using var graceOnStop = stoppingToken.Register(() => CancelAfterGrace(runs));
        var started = false;
        var idle = _options.MinPollInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Inside the loop: a node started while the database is down keeps trying instead of stopping the host.
                if (!started)
                {
                    await _initializer.EnsureInitializedAsync(stoppingToken);
                    await _store.ReleaseLeasesOwnedByAsync(_options.NodeId, stoppingToken);
                    EngineLog.DispatcherStarted(_logger, _options.NodeId, _options.MaxConcurrency);
                    started = true;
                }

                if (_runner.UnreleasedCount > 0)
                {
                    await _runner.RetryUnreleasedAsync(stoppingToken);
                }

                var free = _options.MaxConcurrency - _running.Count;
                var resumed = free > 0 ? StartDueParked(free, stoppingToken, runs.Token) : 0;
                free -= resumed;
                var claimed = free > 0 ? await ClaimAndStartAsync(free, stoppingToken, runs.Token) : 0;
                if (claimed + resumed > 0)
                {
                    _loopFailures.Succeeded();
                    idle = _options.MinPollInterval;
                    continue;
                }

                var delay = idle;
                if (free > 0 && await _store.GetNextReadyAtAsync(stoppingToken) is { } next)
                {
                    delay = Earlier(delay, next);
                }

                if (free > 0 && _parked.NextDue is { } parkedDue)
                {
                    delay = Earlier(delay, parkedDue);
                }

                // Every store call of the round went through: an outage, if there was one, is over.
                _loopFailures.Succeeded();
                if (delay > TimeSpan.Zero)
                {
                    await _wakeup.WaitAsync(delay, _time, stoppingToken);
                }

                idle = TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, _options.MaxPollInterval.Ticks));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The retry stays at MaxPollInterval (a node resumes within it when the database is back); only the log is quieter.
                if (_loopFailures.Failed(ex))
                {
                    var errorType = ex.GetType().Name;
                    EngineLog.DispatcherError(_logger, errorType, _options.MaxPollInterval, ex);
                }

                // A stop during this wait ends the loop like any other stop (it used to leave from here, past the runs' wait and
                // the parked journeys' release below).
                if (!await WaitOrStoppedAsync(_options.MaxPollInterval, stoppingToken))
                {
                    break;
                }
            }
        }

        // Said at a stop (SIGTERM at a deploy) so the log shows the node waited for its runs and gave its journeys back.
        var stopping = _time.GetTimestamp();
        if (started)
        {
            EngineLog.DispatcherStopping(_logger, _options.NodeId, _running.Count, _options.StopGracePeriod);
        }

        await Task.WhenAll(_running.Values);
        var parked = await ReleaseParkedAsync();
        await listening;
        var took = (long)_time.GetElapsedTime(stopping).TotalMilliseconds;
        if (started)
        {
            EngineLog.DispatcherStopped(_logger, _options.NodeId, parked, took);
        }
    }

    /// <summary>
    /// Claims nothing before the host has started: in a web host that is once the server accepts requests, so a node that
    /// restarts with due work never calls a lender it hosts itself (the embedded sandbox) before it listens, which would burn
    /// attempts and open the lender's circuit breaker. False when the host stops first.
    /// </summary>
    private async Task<bool> WaitUntilHostStartedAsync(CancellationToken stoppingToken)
    {
        if (_lifetime is null || _lifetime.ApplicationStarted.IsCancellationRequested)
        {
            return true;
        }

        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (_lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetResult()))
        {
            await started.Task;
        }

        return !stoppingToken.IsCancellationRequested;
    }

    private void CancelAfterGrace(CancellationTokenSource runs)
    {
        if (_options.StopGracePeriod <= TimeSpan.Zero)
        {
            runs.Cancel();
        }
        else
        {
            runs.CancelAfter(_options.StopGracePeriod);
        }
    }

    /// <summary>Waits for the wake-up or <paramref name="delay"/>; false when the stop came first.</summary>
    private async Task<bool> WaitOrStoppedAsync(TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await _wakeup.WaitAsync(delay, _time, stoppingToken);
            return true;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private TimeSpan Earlier(TimeSpan delay, DateTimeOffset due)
    {
        var untilDue = due - _time.GetUtcNow();
        return untilDue < delay ? (untilDue < TimeSpan.Zero ? TimeSpan.Zero : untilDue) : delay;
    }

    // Stopping: parked instances go back to the store at once, so another node (or this one restarted) fires their timers.
    [SuppressMessage("Design", "CA1031:Do not catch general exception types",
        Justification = "Best effort at shutdown: a lease not given back expires on its own.")]
    private async Task<int> ReleaseParkedAsync()
    {
        var released = 0;
        foreach (var parked in _parked.TakeAll())
        {
            try
            {
                await _runner.CommitUncommittedAsync(parked, release: true, CancellationToken.None);
                released++;
            }
            catch (Exception ex)
            {
                EngineLog.ReleaseFailed(_logger, parked.State.Id, ex);
            }
        }

        return released;
    }

    /// <summary>
    /// Resumes a parked run. From memory when it is on time; from the stored row when it was expedited (a cancel); and when it is so
    /// late that less than half of its lease is left (every slot was busy), its lease is given back instead and the instance is claimed
    /// like any ready one, with a fresh lease.
    /// </summary>
    private Task<RunResult?> ResumeParkedAsync(ParkedRun parked, CancellationToken cancellationToken) =>
        ResumeParkedAsync(parked, CancellationToken.None, cancellationToken);

    private async Task<RunResult?> ResumeParkedAsync(ParkedRun parked, CancellationToken stopAfterStep, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (now > parked.LeaseExpiresAt - _options.LeaseDuration / 2)
        {
            await _runner.CommitUncommittedAsync(parked, release: true, cancellationToken);
            _wakeup.Set();
            return null;
        }

        if (!parked.Reload)
        {
            return await _runner.RunAsync(parked.State, null, singleStep: false, parked, stopAfterStep, cancellationToken);
        }

        await _runner.CommitUncommittedAsync(parked, release: false, cancellationToken);

        var fresh = await _store.GetInstanceAsync(parked.State.Id, cancellationToken);
        if (fresh is null || fresh.LeaseOwner != parked.Fence.Owner || fresh.LeaseToken != parked.Fence.Token)
        {
            return null; // no longer ours
        }

        return await _runner.RunAsync(fresh, null, singleStep: false, parked: null, stopAfterStep, cancellationToken);
    }

    private int StartDueParked(int free, CancellationToken stoppingToken, CancellationToken runToken)
    {
        var due = _parked.TakeDue(_time.GetUtcNow(), free);
        foreach (var parked in due)
        {
            Start(parked.State.Id, () => ResumeParkedAsync(parked, stoppingToken, runToken));
        }

        return due.Count;
    }

    // Notifications only wake the loop early; a lost connection leaves the poll back-off in charge until listening again.
    [SuppressMessage("Design", "CA1031:Do not catch general exception types",
        Justification = "Listening is an optimisation: any failure falls back to polling and is retried.")]
    private async Task ListenAsync(IWorkNotificationSource source, CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Its first call says listening started: the end of a streak of failures, if there was one.
                await source.ListenAsync(OnWork, OnReleaseRequested, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                if (_listenFailures.Failed(ex))
                {
                    var errorType = ex.GetType().Name;
                    EngineLog.ListenFailed(_logger, errorType, _options.MaxPollInterval, ex);
                }

                try
                {
                    await Task.Delay(_options.MaxPollInterval, _time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private void OnWork()
    {
        _listenFailures.Succeeded();
        _wakeup.Set();
    }

    // How long a release request (another node's, or this node's own client's) holds for a run of the journey in flight here (a
    // poll awaiting its lender): the run gives the lease back when it parks within it. The one who asked waits less
    // (EngineOptions.ReleaseWait); a release after it gave up costs the journey one claim from the store, nothing more.
    internal static readonly TimeSpan ReleaseRequestHold = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Another node received an operator's change (a migration, a goto, variables) for a journey this node may keep parked on
    /// a short timer: it gives the lease back now, or when the run in flight parks (see <see cref="ParkedRuns.RequestRelease"/>).
    /// Called by the store's listener; a journey not held here is ignored.
    /// </summary>
    internal void OnReleaseRequested(string instanceId)
    {
        var now = _time.GetUtcNow();
        if (_parked.RequestRelease(instanceId, now, now + ReleaseRequestHold) is { } run)
        {
            _ = ReleaseAsync(run);
        }
    }

    private async Task ParkOrReleaseAsync(ParkedRun run)
    {
        if (!_parked.ParkUnlessReleaseRequested(run, _time.GetUtcNow()))
        {
            await ReleaseAsync(run);
        }
    }

    [SuppressMessage("Design", "CA1031:Do not catch general exception types",
        Justification = "A failed release leaves the lease to expire (the journey then resumes from the store); the node goes on.")]
    private async Task ReleaseAsync(ParkedRun run)
    {
        try
        {
            await _runner.CommitUncommittedAsync(run, release: true, CancellationToken.None);
        }
        catch (StaleCommitException)
        {
            // The lease was no longer this run's: nothing to give back.
        }
        catch (Exception ex)
        {
            EngineLog.ReleaseFailed(_logger, run.State.Id, ex);
        }
    }

    private async Task<int> ClaimAndStartAsync(int free, CancellationToken stoppingToken, CancellationToken runToken)
    {
        var now = _time.GetUtcNow();
        var claimed = await ClaimAsync(now, free, stoppingToken);
        RecordClaims(claimed, now);
        foreach (var instance in claimed)
        {
            Start(instance.Id, async () => await _runner.RunAsync(instance, null, singleStep: false, parked: null, stoppingToken, runToken));
        }

        return claimed.Count;
    }

    // A journey whose payloads this node cannot decrypt (the store committed the claim and set it aside) is faulted with an
    // incident, so that an operator sees it in the Studio and retries it once the keys are in place; the rest of the claim
    // runs. Without this, one unreadable journey failed every claim that included it; then (session 12) it stayed leased
    // and was claimed, and logged, again each time its lease ran out, seen by no one who does not read the log.
    private async Task<IReadOnlyList<InstanceRecord>> ClaimAsync(DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        // A stop that began while this round ran (its slots counted, its parked runs started) sends no claim.
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            return await _store.ClaimReadyAsync(_options.NodeId, now, now + _options.LeaseDuration, max, cancellationToken);
        }
        catch (UnreadableInstancesException e)
        {
            foreach (var error in e.Unreadable)
            {
                await FaultUnreadableAsync(error, now, cancellationToken);
            }

            return e.Claimed;
        }
    }

    [SuppressMessage("Design", "CA1031:Do not catch general exception types",
        Justification = "A failure to fault one unreadable journey must not stop the claim's other journeys; its lease runs out and it is tried again.")]
    private async Task FaultUnreadableAsync(InstanceUnreadableException error, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            // False: the lease is no longer this node's (nothing changed); whoever holds it now meets the same. The incident's
            // message is the error's, which names the instance and the keys' setting.
            if (await _store.FaultUnreadableAsync(error.InstanceId, _options.NodeId, Guid.CreateVersion7(now).ToString("N"), error.Message, now, cancellationToken))
            {
                EngineLog.InstanceUnreadable(_logger, error.InstanceId, InstanceUnreadableException.IncidentKind, error);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            EngineLog.InstanceUnreadableNotFaulted(_logger, error.InstanceId, e);
        }
    }

    private void RecordClaims(IReadOnlyList<InstanceRecord> claimed, DateTimeOffset now)
    {
        foreach (var instance in claimed)
        {
            if (instance.ReadyAt is { } readyAt)
            {
                _telemetry.Claimed(now - readyAt);
            }
        }
    }

    [SuppressMessage("Design", "CA1031:Do not catch general exception types",
        Justification = "A runner failure must not stop the dispatcher; the runner has already released the lease with a back-off.")]
    private void Start(string instanceId, Func<Task<RunResult?>> run)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Increment(ref _inFlight);
        _running[instanceId] = done.Task;
        _ = Task.Run(async () =>
        {
            try
            {
                if ((await run())?.Parked is { } parked)
                {
                    await ParkOrReleaseAsync(parked);
                }
            }
            catch (Exception ex)
            {
                EngineLog.RunnerFailed(_logger, instanceId, ex);
            }
            finally
            {
                _running.TryRemove(instanceId, out _);
                done.SetResult();
                // Every finished run wakes the loop: a slot is free, and a parked timer may be due before the loop's wake-up.
                // (Waking only when that changes what the loop would do was tried: fewer claim attempts, but journeys/s fell
                // by 10-20 % in back-to-back runs, so the loop claims as soon as anything finishes.)
                _wakeup.Set();
                Interlocked.Decrement(ref _inFlight);
            }
        }, CancellationToken.None);
    }
}
