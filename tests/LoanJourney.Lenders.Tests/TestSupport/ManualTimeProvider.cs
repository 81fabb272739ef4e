namespace LoanJourney.Lenders.Tests.TestSupport;

/// <summary>A clock that moves only when told; timers still use the system (only tiny delays are configured in tests).</summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
