using Microsoft.Extensions.Logging;

namespace LoanJourney.Engine.Runtime;

/// <summary>
/// The consecutive failures of a loop that retries a store on a fixed interval (the dispatcher's claims, its listening, the
/// definition listener): during an outage (PostgreSQL down for ten minutes) each retry used to log its stack trace, 300
/// times. The first failure of each exception type in a streak is the caller's to log with its stack (<see cref="Failed"/>
/// answers true); the others are summed up in one warning a minute at most, and the first success after them says the loop
/// recovered. Kept per loop: its calls are sequential, bar a listener's success callback, hence the lock. Public for the
/// server's live-update feed (<c>InstanceChangeFeed</c>), which polls the store every 300 ms while a Studio is connected.
/// </summary>
public sealed class FailureStreak(string loop, TimeSpan retryEvery, TimeProvider time, ILogger logger)
{
    /// <summary>The least time between two summaries of the same streak.</summary>
    public static readonly TimeSpan SummaryEvery = TimeSpan.FromMinutes(1);

    private readonly Lock _lock = new();
    private readonly HashSet<Type> _logged = [];
    private int _count;
    private long _startedAt;
    private long _summarizedAt;

    /// <summary>Counts a failure; true when the caller logs it with its stack (the first of its type in this streak).</summary>
    public bool Failed(Exception exception)
    {
        lock (_lock)
        {
            var now = time.GetTimestamp();
            if (_count++ == 0)
            {
                _startedAt = now;
                _summarizedAt = now;
            }

            if (_logged.Add(exception.GetType()))
            {
                return true;
            }

            if (time.GetElapsedTime(_summarizedAt, now) >= SummaryEvery)
            {
                _summarizedAt = now;
                var errorType = exception.GetType().Name;
                var elapsed = Rounded(time.GetElapsedTime(_startedAt, now));
                EngineLog.StillFailing(logger, loop, errorType, elapsed, _count, retryEvery);
            }

            return false;
        }
    }

    /// <summary>Ends the streak, if there is one, with the line that says the loop recovered.</summary>
    public void Succeeded()
    {
        if (Volatile.Read(ref _count) == 0)
        {
            return; // the hot path: a loop that works (a listener's callback runs on every notification)
        }

        lock (_lock)
        {
            if (_count == 0)
            {
                return;
            }

            var elapsed = Rounded(time.GetElapsedTime(_startedAt));
            EngineLog.Recovered(logger, loop, _count, elapsed);
            _count = 0;
            _logged.Clear();
        }
    }

    // An outage is read in seconds; the ticks of a timestamp difference only make the line longer.
    private static TimeSpan Rounded(TimeSpan elapsed) => TimeSpan.FromSeconds(Math.Round(elapsed.TotalSeconds));
}
