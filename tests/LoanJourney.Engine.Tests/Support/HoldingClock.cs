using Microsoft.Extensions.Time.Testing;

namespace LoanJourney.Engine.Tests.Support;

/// <summary>
/// A manual clock that can hold the next timer being created (<see cref="HoldNextTimer"/>) until <see cref="Release"/>: its
/// creator has read the clock and computed the time left, and waits there (a loaded machine preempting it at that point), so a
/// test can act in that gap.
/// </summary>
public sealed class HoldingClock(DateTimeOffset start) : FakeTimeProvider(start), IDisposable
{
    private readonly ManualResetEventSlim _release = new(initialState: true);
    private TaskCompletionSource? _held;

    /// <summary>Holds the next timer created; the task completes when one is held.</summary>
    public Task HoldNextTimer()
    {
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _release.Reset();
        Volatile.Write(ref _held, held);
        return held.Task;
    }

    /// <summary>Lets the held timer be created (relative to the clock as it is now).</summary>
    public void Release() => _release.Set();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (Interlocked.Exchange(ref _held, null) is { } held)
        {
            held.SetResult();
            if (!_release.Wait(TimeSpan.FromSeconds(60)))
            {
                throw new TimeoutException("The held timer was not released within 60 s.");
            }
        }

        return base.CreateTimer(callback, state, dueTime, period);
    }

    public void Dispose() => _release.Dispose();
}
