namespace LoanJourney.Engine.Runtime;

/// <summary>In-process wake-up of the dispatcher when work is enqueued locally (an auto-reset event).</summary>
internal sealed class WorkWakeup
{
    private readonly Lock _lock = new();
    private TaskCompletionSource _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _waits;
    private long _waiting; // the number of the wait armed now (counted from 1), 0 when none

    /// <summary>
    /// The number of the <see cref="WaitAsync"/> that has armed its timer with no <see cref="Set"/> since (each wait its own, from
    /// 1), or 0: the waiter goes on only when the clock reaches what it armed for, or at the next <see cref="Set"/>. For tests that
    /// move a manual clock (see <see cref="WorkflowDispatcher.IsAsleep"/>).
    /// </summary>
    public long Waiting
    {
        get
        {
            lock (_lock)
            {
                return _waiting;
            }
        }
    }

    public void Set()
    {
        lock (_lock)
        {
            _waiting = 0;
            _signal.TrySetResult();
        }
    }

    /// <summary>Waits until <see cref="Set"/> or <paramref name="timeout"/> on the engine clock.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        Task signalled;
        lock (_lock)
        {
            if (_signal.Task.IsCompleted)
            {
                _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);
                return;
            }

            signalled = _signal.Task;
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(timeout, time, cts.Token);
        lock (_lock)
        {
            _waiting = _signal.Task.IsCompleted ? 0 : ++_waits;
        }

        await Task.WhenAny(signalled, delay);
        await cts.CancelAsync();
        lock (_lock)
        {
            _waiting = 0;
            if (_signal.Task.IsCompleted)
            {
                _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
    }
}
