namespace LoanJourney.Engine.Runtime;

/// <summary>In-process wake-up of the dispatcher when work is enqueued locally (an auto-reset event).</summary>
internal sealed class WorkWakeup
{
    private readonly Lock _lock = new();
    private TaskCompletionSource _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Set()
    {
        lock (_lock)
        {
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
        await Task.WhenAny(signalled, delay);
        await cts.CancelAsync();
        lock (_lock)
        {
            if (_signal.Task.IsCompleted)
            {
                _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
    }
}
