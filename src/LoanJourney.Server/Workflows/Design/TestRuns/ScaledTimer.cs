namespace LoanJourney.Server.Workflows.Design.TestRuns;

/// <summary>A real timer whose <see cref="Change"/> takes simulated spans (<see cref="AcceleratedTimeProvider"/>).</summary>
internal sealed class ScaledTimer(ITimer inner, AcceleratedTimeProvider time) : ITimer
{
    public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(time.Scale(dueTime), time.Scale(period));

    public void Dispose() => inner.Dispose();

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
