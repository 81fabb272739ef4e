using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using LoanJourney.Engine.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

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
    private readonly ConcurrentDictionary<string, Task> _running = new(StringComparer.Ordinal);

    internal WorkflowDispatcher(
        IWorkflowStore store,
        WorkflowRunner runner,
        EngineInitializer initializer,
        WorkWakeup wakeup,
        TimeProvider time,
        EngineOptions options,
        ILogger<WorkflowDispatcher> logger)
    {
        _store = store;
        _runner = runner;
        _initializer = initializer;
        _wakeup = wakeup;
        _time = time;
        _options = options;
        _logger = logger;
    }

    /// <summary>Instances being run right now by this node.</summary>
    public int RunningCount => _running.Count;

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
            var claimed = await _store.ClaimReadyAsync(_options.NodeId, now, now + _options.LeaseDuration, _options.MaxConcurrency, cancellationToken);
            if (claimed.Count == 0)
            {
                return total;
            }

            total += claimed.Count;
            await Task.WhenAll(claimed.Select(i => _runner.RunAsync(i, null, singleStep: false, cancellationToken)));
        }

        throw new InvalidOperationException("DrainAsync did not reach quiescence after 10,000 rounds; a workflow may loop without waiting.");
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var listening = _store is IWorkNotificationSource source ? ListenAsync(source, stoppingToken) : Task.CompletedTask;
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
                var claimed = free > 0 ? await ClaimAndStartAsync(free, stoppingToken) : 0;
                if (claimed > 0)
                {
                    idle = _options.MinPollInterval;
                    continue;
                }

                var delay = idle;
                if (free > 0 && await _store.GetNextReadyAtAsync(stoppingToken) is { } next)
                {
                    var untilDue = next - _time.GetUtcNow();
                    delay = untilDue < delay ? (untilDue < TimeSpan.Zero ? TimeSpan.Zero : untilDue) : delay;
                }

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
                EngineLog.DispatcherError(_logger, ex);
                await _wakeup.WaitAsync(_options.MaxPollInterval, _time, stoppingToken);
            }
        }

        await Task.WhenAll(_running.Values);
        await listening;
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
                await source.ListenAsync(_wakeup.Set, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                EngineLog.ListenFailed(_logger, ex.GetType().Name, _options.MaxPollInterval, ex);
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

    [SuppressMessage("Design", "CA1031:Do not catch general exception types",
        Justification = "A runner failure must not stop the dispatcher; the runner has already released the lease with a back-off.")]
    private async Task<int> ClaimAndStartAsync(int free, CancellationToken stoppingToken)
    {
        var now = _time.GetUtcNow();
        var claimed = await _store.ClaimReadyAsync(_options.NodeId, now, now + _options.LeaseDuration, free, stoppingToken);
        foreach (var instance in claimed)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _running[instance.Id] = done.Task;
            _ = Task.Run(async () =>
            {
                try
                {
                    await _runner.RunAsync(instance, null, singleStep: false, stoppingToken);
                }
                catch (Exception ex)
                {
                    EngineLog.RunnerFailed(_logger, instance.Id, ex);
                }
                finally
                {
                    _running.TryRemove(instance.Id, out _);
                    done.SetResult();
                    _wakeup.Set();
                }
            }, CancellationToken.None);
        }

        return claimed.Count;
    }
}
