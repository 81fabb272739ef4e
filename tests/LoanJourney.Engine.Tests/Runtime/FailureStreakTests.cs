using LoanJourney.Engine.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace LoanJourney.Engine.Tests.Runtime;

public sealed class FailureStreakTests
{
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(2);

    // Two errors that alternate through an outage (the connection refused, then a timeout) each get their stack once, not
    // one stack per try as when only a change of type counted.
    [Fact]
    public void Failed_TheFirstOfEachTypeIsTheCallersToLog_TheOthersAreSummedUpOnceAMinute()
    {
        using var logs = new CapturingLoggerProvider();
        var clock = new FakeTimeProvider();
        var streak = new FailureStreak("Work notifications", Retry, clock, logs.CreateLogger("test"));

        var logged = new List<bool>();
        for (var attempt = 0; attempt < 40; attempt++)
        {
            logged.Add(streak.Failed(attempt % 2 == 0 ? new TimeoutException() : new IOException()));
            clock.Advance(Retry);
        }

        Assert.Equal([true, true], logged.Take(2));
        Assert.DoesNotContain(true, logged.Skip(2));
        Assert.Equal(
            ["Work notifications still failing (TimeoutException) for 00:01:00, 31 attempts; retrying every 00:00:02"],
            logs.Entries.Select(e => e.Message));
        Assert.Equal((LogLevel.Warning, 3017, null), (logs.Entries.Single().Level, logs.Entries.Single().EventId.Id, logs.Entries.Single().Exception));
    }

    [Fact]
    public void Succeeded_EndsTheStreakWithOneLine_AndTheNextFailureIsLoggedWithItsStackAgain()
    {
        using var logs = new CapturingLoggerProvider();
        var clock = new FakeTimeProvider();
        var streak = new FailureStreak("Definition notifications", Retry, clock, logs.CreateLogger("test"));

        streak.Succeeded();
        Assert.Empty(logs.Entries);

        Assert.True(streak.Failed(new TimeoutException()));
        clock.Advance(Retry);
        Assert.False(streak.Failed(new TimeoutException()));
        clock.Advance(Retry);
        streak.Succeeded();
        streak.Succeeded();

        var recovered = Assert.Single(logs.Entries);
        Assert.Equal((LogLevel.Information, 3018), (recovered.Level, recovered.EventId.Id));
        Assert.Equal("Definition notifications recovered after 2 failed attempts over 00:00:04", recovered.Message);
        Assert.True(streak.Failed(new TimeoutException()));
    }
}
