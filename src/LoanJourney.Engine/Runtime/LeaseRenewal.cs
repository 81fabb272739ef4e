using LoanJourney.Engine.Storage;

namespace LoanJourney.Engine.Runtime;

/// <summary>
/// The lease renewal of one run (<see cref="WorkflowRunner"/>): while a step's activity runs, the run's lease is renewed every
/// <c>LeaseDuration/3</c> from the step's start, and a renewal that finds the lease gone cancels that step (its
/// <see cref="StepCancellation"/>); between steps and after the run nothing is renewed (the step's commit extends the lease).
/// </summary>
/// <remarks>
/// Until round 58 (docs/PERFORMANCE.md) every step created its own timer and callback and disposed them when it ended. Now a run
/// makes one timer, at its first step, and each step arms it for its own time (<see cref="Step"/>: the same due time and period
/// from the step's start, then disarmed), so the schedule is the one before: the first renewal a third of a lease after the step
/// started, none once it ended. A tick renews the lease of the step that was running when it fired and, if the lease is gone,
/// cancels that step — as the step's own timer did, also when the renewal's answer comes after the step ended (its cancellation is
/// then disposed: nothing happens). The timer is disposed with the run. The commit's fence in SQL is untouched: a step that outlives
/// its lease (a renewal failed, the process paused) is still refused at its commit.
/// </remarks>
internal sealed class LeaseRenewal(IWorkflowStore store, TimeProvider time, string instanceId, LeaseFence fence, TimeSpan leaseDuration) : IDisposable
{
    private readonly TimeSpan _period = leaseDuration / 3;
    private ITimer? _timer;
    private StepCancellation? _step;

    /// <summary>Renews the lease while <paramref name="step"/>'s activity runs; disposing the result stops it.</summary>
    public Step Begin(StepCancellation step)
    {
        Volatile.Write(ref _step, step);
        if (_timer is null)
        {
            _timer = time.CreateTimer(static self => ((LeaseRenewal)self!).Tick(), this, _period, _period);
        }
        else
        {
            _timer.Change(_period, _period);
        }

        return new Step(this);
    }

    public void Dispose() => _timer?.Dispose();

    private void End()
    {
        _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        Volatile.Write(ref _step, null);
    }

    private void Tick()
    {
        if (Volatile.Read(ref _step) is { } step)
        {
            _ = RenewAsync(step);
        }
    }

    private async Task RenewAsync(StepCancellation step)
    {
        try
        {
            if (!await store.RenewLeaseAsync(instanceId, fence, time.GetUtcNow() + leaseDuration, CancellationToken.None))
            {
                await step.LoseLeaseAsync();
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A failed renewal is retried at the next tick; a lost lease is caught by the commit's fence.
        }
    }

    /// <summary>One step's renewal: disposing it disarms the timer (a value: nothing allocated per step).</summary>
    public readonly struct Step(LeaseRenewal renewal) : IDisposable
    {
        public void Dispose() => renewal.End();
    }
}
