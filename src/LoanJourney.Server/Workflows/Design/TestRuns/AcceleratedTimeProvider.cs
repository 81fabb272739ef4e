namespace LoanJourney.Server.Workflows.Design.TestRuns;

/// <summary>
/// The clock of a draft test run's isolated engine: wall-clock time runs <see cref="Factor"/> times faster from the moment it is
/// created, and every timer (poll intervals, retry back-offs, re-trigger waits, lender time-outs) fires that much sooner.
/// Timestamps (<see cref="TimeProvider.GetTimestamp"/>, used to measure latencies) are the real ones.
/// </summary>
internal sealed class AcceleratedTimeProvider(TimeProvider real, int factor) : TimeProvider
{
    private readonly DateTimeOffset _origin = real.GetUtcNow();
    private readonly long _originTimestamp = real.GetTimestamp();

    public int Factor { get; } = factor;

    public override DateTimeOffset GetUtcNow() => _origin + real.GetElapsedTime(_originTimestamp) * Factor;

    public override long GetTimestamp() => real.GetTimestamp();

    public override long TimestampFrequency => real.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => real.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new ScaledTimer(real.CreateTimer(callback, state, Scale(dueTime), Scale(period)), this);

    /// <summary>A span of simulated time as real time.</summary>
    public TimeSpan Scale(TimeSpan span) =>
        span == Timeout.InfiniteTimeSpan || span <= TimeSpan.Zero ? span : TimeSpan.FromTicks(Math.Max(1, span.Ticks / Factor));
}
